package org.iommuscope.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.vm.KernelCheck;
import org.iommuscope.vm.VmException;
import org.iommuscope.vm.compare.ComparisonReport;
import org.iommuscope.vm.compare.KnownDifferences;
import org.iommuscope.vm.compare.ScenarioComparison;
import org.iommuscope.vm.compare.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `kernel FILE... --kernel BZIMAGE`: runs each scenario on a real kernel in QEMU and in the engine on the machine
 * that kernel built, and prints step by step where they agree. Exit 0: every hosted file agrees; 1: a
 * disagreement; 2: a file cannot be hosted (or is invalid); 3: the VM could not run.
 */
@Command(name = "kernel", description = "Run scenarios on a real Linux kernel (QEMU) and compare them with the engine step by step.")
final class KernelCommand implements Callable<Integer> {
    static final String KERNEL_ENV = "IOMMUSCOPE_KERNEL";

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "scenario files")
    List<Path> files;

    @Option(names = "--kernel", paramLabel = "BZIMAGE", description = "the kernel image to boot (default: $" + KERNEL_ENV + ")")
    Path kernel;

    @Option(names = "--profile", converter = ProfileConverter.class,
            description = "the engine's profile (default: chosen from the kernel's release)")
    Profile profile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "the longest one VM may run (default: ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = "--known-differences", paramLabel = "FILE", description = "explained differences (default: the bundled list)")
    Path knownDifferences;

    @Option(names = "--skip-unhostable", description = "a file the VM cannot host is reported but does not make the exit status 2")
    boolean skipUnhostable;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path image = kernel;
        if (image == null) {
            String env = System.getenv(KERNEL_ENV);
            if (env == null || env.isBlank()) {
                err.println("iommuscope kernel: no kernel image: give --kernel BZIMAGE or set " + KERNEL_ENV
                        + " (README: Check against a real kernel)");
                err.flush();
                return 3;
            }
            image = Path.of(env);
        }
        if (!Files.isRegularFile(image)) {
            err.println("iommuscope kernel: no kernel image at " + image);
            err.flush();
            return 3;
        }
        List<Scenario> scenarios = new ArrayList<>();
        boolean invalid = false;
        for (Path f : files) {
            Scenario s = ScenarioFiles.loadOrReport(f, out);
            if (s == null) {
                invalid = true;
            } else {
                scenarios.add(s);
            }
        }
        KernelCheck.Run run;
        try {
            KnownDifferences known = knownDifferences == null ? KnownDifferences.bundled() : KnownDifferences.load(knownDifferences);
            run = KernelCheck.run(scenarios, new KernelCheck.Options(image, profile, Duration.ofSeconds(timeout), known),
                    line -> {
                        err.println(line);
                        err.flush();
                    });
        } catch (VmException e) {
            err.println("iommuscope kernel: " + e.getMessage());
            err.flush();
            return 3;
        }
        print(run, out);
        int status = run.exitStatus(skipUnhostable);
        return status == 0 && invalid ? 2 : status;
    }

    static void print(KernelCheck.Run run, PrintWriter out) {
        for (KernelCheck.FileResult f : run.files()) {
            if (f instanceof KernelCheck.Compared c) {
                ComparisonReport.lines(c.comparison()).forEach(out::println);
            } else if (f instanceof KernelCheck.NotHostable n) {
                out.println(n.file() + ": " + n.title());
                n.reasons().forEach(r -> out.println("  not hostable: " + r));
            } else if (f instanceof KernelCheck.Failed x) {
                out.println(x.file() + ": " + x.title());
                out.println("  the VM could not run it: " + x.message());
            }
            out.println();
        }
        out.println("summary:");
        for (KernelCheck.FileResult f : run.files()) {
            out.println("  " + Path.of(f.file()).getFileName() + "  " + summary(f));
        }
        for (KernelCheck.Boot b : run.boots()) {
            out.println(String.format(Locale.ROOT, "  boot of %s for %d file(s): /init after %.2f s (guest), QEMU ran %.2f s", b.release(),
                    b.files().size(), b.initUptime(), b.wallSeconds()));
        }
        out.flush();
    }

    static String summary(KernelCheck.FileResult f) {
        if (f instanceof KernelCheck.Compared c) {
            ScenarioComparison s = c.comparison();
            String word = s.count(Verdict.DISAGREE) > 0 ? "DISAGREE" : "agree";
            return String.format(Locale.ROOT, "%s (%d agree, %d disagree, %d known, %d not observable; %.2f s in the VM)", word,
                    s.count(Verdict.AGREE), s.count(Verdict.DISAGREE), s.count(Verdict.KNOWN), s.count(Verdict.NOT_OBSERVABLE), s.guestSeconds());
        }
        if (f instanceof KernelCheck.NotHostable n) {
            return "not hostable: " + n.reasons().get(0) + (n.reasons().size() > 1 ? " (and " + (n.reasons().size() - 1) + " more)" : "");
        }
        return "failed: " + ((KernelCheck.Failed) f).message().lines().findFirst().orElse("");
    }
}
