package org.iommuscope.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.NumberSyntax;
import org.iommuscope.engine.scenario.ReadLimits;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.ScenarioStream;
import org.iommuscope.engine.scenario.StepOutcome;
import org.iommuscope.engine.scenario.TraceStatistics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `check FILE...`: runs scenarios headless and reports every failing step with file:line, then
 * `N passed, M failed` (one count per file). Exit 0: all passed; 1: an expectation failed; 2: a file is invalid.
 * Steps are run as they are read and their outcomes are not kept, so a trace of millions of steps is checked
 * in memory that does not grow with it; a file of {@link #SUMMARY_STEPS} steps or more also gets a summary.
 */
@Command(name = "check", description = "Run scenarios headless and check their expectations.")
final class CheckCommand implements Callable<Integer> {
    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    /** From this many steps on, a file's summary (per op: steps, failures, time) is printed unasked. */
    static final int SUMMARY_STEPS = 10_000;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "scenario files")
    List<Path> files;

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--porcelain", description = "one JSON object per step (and per invalid file), then a summary object")
    boolean porcelain;

    @Option(names = "--full-invariants", description = "after each op, check every invariant on every object, "
            + "not only on what the op touched (slower on large IOASes; finds the same)")
    boolean fullInvariants;

    @Option(names = "--summary", description = "print each file's steps, failures and time per op (unasked from "
            + SUMMARY_STEPS + " steps on; with --porcelain, one more object per file)")
    boolean summary;

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "refuse larger files (default 1G; bytes or 64M, 2G; at most 2G less 2 bytes)")
    Long maxFileSize;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ReadLimits limits = ReadLimits.defaults();
        if (maxFileSize != null) {
            limits = limits.withMaxBytes(maxFileSize);
        }
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
            ScenarioStream stream;
            try {
                stream = ScenarioStream.open(file, limits).readAhead();
            } catch (ScenarioException e) {
                invalid = true;
                failed++;
                printDiagnostics(out, json, e.diagnostics());
                continue;
            }
            try (stream) {
                ScenarioRunner runner = new ScenarioRunner(stream.header(), profileOption.profile).fullInvariants(fullInvariants);
                TraceStatistics stats = TraceStatistics.totals();
                long start = System.nanoTime();
                for (ScenarioStep step; (step = stream.next()) != null; ) {
                    long t0 = System.nanoTime();
                    StepOutcome o = runner.step(step);
                    stats.add(o, System.nanoTime() - t0);
                    print(out, json, file.toString(), runner, o);
                }
                List<Diagnostic> problems = stream.problems();
                if (!problems.isEmpty()) {
                    invalid = true;
                    failed++;
                    printDiagnostics(out, json, problems);
                } else if (stats.failed() == 0) {
                    passed++;
                } else {
                    failed++;
                }
                if (summary || json == null && stats.steps() >= SUMMARY_STEPS) {
                    printSummary(out, json, file.toString(), stats, System.nanoTime() - start);
                }
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

    private static void print(PrintWriter out, JsonGenerator json, String file, ScenarioRunner runner, StepOutcome o) throws IOException {
        if (json != null) {
            writeStep(json, file, runner.profile(), o);
            out.println();
        } else if (!o.passed()) {
            out.println(file + ":" + o.line() + ": " + o.text());
            out.println("    expected: " + o.expected());
            out.println("    actual:   " + o.actual());
            for (String p : o.problems()) {
                out.println("    " + p);
            }
        }
    }

    private static void printDiagnostics(PrintWriter out, JsonGenerator json, List<Diagnostic> diagnostics) throws IOException {
        for (Diagnostic d : diagnostics) {
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
    }

    /**
     * "FILE: 1000000 steps in 9.8 s (7.1 s in the engine and checks), 0 failed", then one line per op: steps,
     * failures, the time its steps took in all and each on average.
     */
    private static void printSummary(PrintWriter out, JsonGenerator json, String file, TraceStatistics stats, long wallNanos)
            throws IOException {
        if (json != null) {
            json.writeStartObject();
            json.writeStringField("file", file);
            json.writeObjectFieldStart("summary");
            json.writeNumberField("steps", stats.steps());
            json.writeNumberField("failed", stats.failed());
            json.writeNumberField("seconds", wallNanos / 1e9);
            json.writeObjectFieldStart("ops");
            for (TraceStatistics.OpTotals t : stats.byOp()) {
                json.writeObjectFieldStart(t.op());
                json.writeNumberField("steps", t.steps());
                json.writeNumberField("failed", t.failed());
                json.writeNumberField("seconds", t.nanos() / 1e9);
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.flush();
            out.println();
            return;
        }
        out.printf(Locale.ROOT, "%s: %d steps in %.1f s (%.1f s running them), %d failed%n", file, stats.steps(), wallNanos / 1e9,
                stats.nanos() / 1e9, stats.failed());
        for (TraceStatistics.OpTotals t : stats.byOp()) {
            out.printf(Locale.ROOT, "    %-18s %10d steps %8d failed %9.3f s %9.2f us each%n", t.op(), t.steps(), t.failed(),
                    t.nanos() / 1e9, t.nanos() / 1e3 / t.steps());
        }
    }

    /** A byte count as the format writes sizes: 1073741824, 0x40000000, 1G. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long v = NumberSyntax.parse(value);
            if (v < 0 || v > ReadLimits.CEILING) {
                throw new CommandLine.TypeConversionException("at most " + ReadLimits.CEILING + " bytes (2G less 2), not " + value);
            }
            return v;
        }
    }

    private static void writeStep(JsonGenerator g, String file, Profile profile, StepOutcome o) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", file);
        g.writeStringField("profile", profile.key());
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
