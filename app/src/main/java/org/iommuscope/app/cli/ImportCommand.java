package org.iommuscope.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.scenario.ScenarioWriter;
import org.iommuscope.engine.sysfs.ImportWarning;
import org.iommuscope.engine.sysfs.SysfsImport;
import org.iommuscope.engine.sysfs.SysfsImportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `import [SYSFS_ROOT] [-o FILE]`: a machine's iommu_groups, drivers and IOMMU units as a scenario with no
 * steps. The scenario goes to FILE (or stdout); warnings, groups that are not viable and progress go to stderr.
 */
@Command(name = "import", description = "Import a machine's IOMMU topology from sysfs (/sys, a copy, or a .tar capture).")
final class ImportCommand implements Callable<Integer> {
    /** Warnings and non-viable groups listed one per line before the rest are counted. */
    static final int LIST_MAX = 20;

    @Parameters(paramLabel = "SYSFS_ROOT", arity = "0..1", description = "/sys (default), a copy of it, or a .tar/.tar.gz capture")
    Path root = Path.of("/sys");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the scenario here (default: stdout)")
    Path output;

    @Option(names = "--progress-after", hidden = true, description = "show progress once an import has taken this many ms")
    long quietMs = 400;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        long[] lastShown = {0};
        SysfsImport.Progress progress = (done, total) -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (ms >= quietMs && (ms - lastShown[0] >= 100 || done == total)) {
                lastShown[0] = ms;
                err.print("\rimport: " + done + "/" + total + " groups" + (done == total ? "\n" : ""));
                err.flush();
            }
        };
        SysfsImport.Result r;
        try {
            r = SysfsImport.read(root, progress);
        } catch (SysfsImportException e) {
            err.println("import: " + e.getMessage());
            err.flush();
            return CheckCommand.INVALID;
        }
        String yaml = ScenarioWriter.write(r.scenario());
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(output, yaml, StandardCharsets.UTF_8);
        }
        list(err, r.warnings().stream().map(ImportWarning::toString).toList(), "warning: ", "warnings");
        List<GroupSpec> bad = r.nonViableGroups();
        list(err, bad.stream().map(g -> SysfsImport.nonViableText(g) + " is not viable: a kernel driver holds its DMA").toList(),
                "", "groups not viable");
        List<GroupSpec> direct = r.directMappedGroups();
        list(err, direct.stream().map(g -> SysfsImport.directMappedText(g)
                + " is not assignable: its firmware demands a 1:1 mapping, so the group cannot go to its blocking domain").toList(),
                "", "groups not assignable");
        err.println("imported " + r.topology().groups().size() + " iommu_groups, " + r.deviceCount() + " devices, "
                + r.topology().iommus().size() + " IOMMU unit(s) from " + r.source() + (output == null ? "" : " to " + output)
                + "; " + bad.size() + " group(s) not viable, " + (direct.isEmpty() ? "" : direct.size() + " not assignable (RESV_DIRECT), ")
                + r.warnings().size() + " warning(s)");
        err.flush();
        return CheckCommand.PASSED;
    }

    private static void list(PrintWriter err, List<String> lines, String prefix, String what) {
        lines.stream().limit(LIST_MAX).forEach(l -> err.println(prefix + l));
        if (lines.size() > LIST_MAX) {
            err.println("... and " + (lines.size() - LIST_MAX) + " more " + what);
        }
    }
}
