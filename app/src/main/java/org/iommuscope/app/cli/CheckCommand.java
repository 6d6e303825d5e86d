package org.iommuscope.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `check FILE...`: runs scenarios headless and reports every failing step with file:line, then
 * `N passed, M failed` (one count per file). Exit 0: all passed; 1: an expectation failed; 2: a file is invalid.
 */
@Command(name = "check", description = "Run scenarios headless and check their expectations.")
final class CheckCommand implements Callable<Integer> {
    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "scenario files")
    List<Path> files;

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--porcelain", description = "one JSON object per step (and per invalid file), then a summary object")
    boolean porcelain;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        boolean invalid = false;
        JsonGenerator json = porcelain ? new JsonFactory().createGenerator(out).setRootValueSeparator(null) : null;
        for (Path file : files) {
            String problem = ScenarioFrames.fileProblem(file);
            if (problem != null) {
                invalid = true;
                failed++;
                if (json != null) {
                    json.writeStartObject();
                    json.writeStringField("file", file.toString());
                    json.writeStringField("error", problem.substring(file.toString().length() + 2));
                    json.writeEndObject();
                    json.flush();
                    out.println();
                } else {
                    out.println(problem);
                }
                continue;
            }
            Scenario scenario;
            try {
                scenario = ScenarioLoader.load(file);
            } catch (ScenarioException e) {
                invalid = true;
                failed++;
                for (Diagnostic d : e.diagnostics()) {
                    if (json != null) {
                        json.writeStartObject();
                        json.writeStringField("file", d.file());
                        json.writeNumberField("line", d.line());
                        json.writeNumberField("column", d.column());
                        json.writeStringField("error", d.message());
                        json.writeEndObject();
                        json.flush();
                        out.println();
                    } else {
                        out.println(d);
                    }
                }
                continue;
            }
            ScenarioRun run = ScenarioRunner.run(scenario, profileOption.profile);
            for (StepOutcome o : run.outcomes()) {
                if (json != null) {
                    writeStep(json, scenario.file(), run, o);
                    out.println();
                } else if (!o.passed()) {
                    out.println(scenario.file() + ":" + o.line() + ": " + o.text());
                    out.println("    expected: " + o.expected());
                    out.println("    actual:   " + o.actual());
                    for (String p : o.problems()) {
                        out.println("    " + p);
                    }
                }
            }
            if (run.passed()) {
                passed++;
            } else {
                failed++;
            }
        }
        if (json != null) {
            json.writeStartObject();
            json.writeNumberField("passed", passed);
            json.writeNumberField("failed", failed);
            json.writeEndObject();
            json.flush();
            out.println();
        } else {
            out.println(passed + " passed, " + failed + " failed");
        }
        out.flush();
        return invalid ? INVALID : failed > 0 ? FAILED : PASSED;
    }

    private static void writeStep(JsonGenerator g, String file, ScenarioRun run, StepOutcome o) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", file);
        g.writeStringField("profile", run.profile().key());
        g.writeNumberField("step", o.index() + 1);
        g.writeNumberField("line", o.line());
        g.writeStringField("op", o.kind());
        g.writeStringField("text", o.text());
        g.writeBooleanField("passed", o.passed());
        g.writeStringField("expected", o.expected());
        g.writeStringField("actual", o.actual());
        if (o.engineStep() != null) {
            Result r = o.engineStep().result();
            g.writeStringField("outcome", r.outcome());
            if (r.errno() != null) {
                g.writeNumberField("errno", r.errno().number());
                g.writeStringField("reason", r.reason());
            }
            g.writeObjectFieldStart("outputs");
            for (Map.Entry<String, Object> e : r.outputs().entrySet()) {
                writeValue(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("events");
            for (Event e : r.events()) {
                g.writeStartObject();
                g.writeStringField("type", e.getClass().getSimpleName());
                g.writeStringField("text", e.describe());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeArrayFieldStart("problems");
        for (String p : o.problems()) {
            g.writeString(p);
        }
        g.writeEndArray();
        if (o.step().say() != null) {
            g.writeStringField("say", o.step().say());
        }
        g.writeEndObject();
        g.flush();
    }

    /** Numbers as JSON numbers (u64 above 2^63 as unsigned), ranges as [[first, last], ...]. */
    private static void writeValue(JsonGenerator g, String key, Object v) throws IOException {
        g.writeFieldName(key);
        if (v instanceof Long l) {
            g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(l)));
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object x : list) {
                if (x instanceof IovaRange r) {
                    g.writeStartArray();
                    g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(r.first())));
                    g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(r.last())));
                    g.writeEndArray();
                } else {
                    g.writeString(String.valueOf(x));
                }
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
