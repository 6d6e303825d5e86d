package org.iommuscope.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import org.iommuscope.vm.boot.VmBoot;
import org.iommuscope.vm.boot.VmMachine;
import org.iommuscope.vm.boot.VmOutput;
import org.iommuscope.vm.compare.IdMap;
import org.iommuscope.vm.compare.KnownDifferences;
import org.iommuscope.vm.compare.ScenarioComparison;
import org.iommuscope.vm.compare.StepComparator;
import org.iommuscope.vm.compare.StepComparison;
import org.iommuscope.vm.compare.Verdict;
import org.iommuscope.vm.layout.Hosting;
import org.iommuscope.vm.layout.HostingCheck;
import org.iommuscope.vm.layout.VmDevice;
import org.iommuscope.vm.layout.VmGroup;
import org.iommuscope.vm.layout.VmLayout;
import org.iommuscope.vm.runner.RunnerBinary;
import org.iommuscope.vm.runner.RunnerLine;
import org.iommuscope.vm.runner.StepScript;

/**
 * Runs scenarios on a real kernel and compares them with the engine: for each scenario the VM can host, lays its
 * groups out as emulated PCI functions, boots the kernel in QEMU (scenarios with the same layout share a boot,
 * each with its own runner process and so its own /dev/iommu), imports the machine the kernel built from its
 * sysfs, runs the steps there through the runner and in the engine on that imported machine, and compares step
 * by step. The command line and the app both call this.
 */
public final class KernelCheck {

    /**
     * @param profile the engine's profile; null: chosen from the kernel's release ({@link ProfileChoice})
     */
    public record Options(Path kernel, Profile profile, Duration timeout, KnownDifferences known) {
    }

    /** Progress for a user watching: "booting 6.12 for 3 scenarios…". */
    @FunctionalInterface
    public interface Progress {
        void said(String line);

        Progress NONE = line -> { };
    }

    /** What became of one file. */
    public sealed interface FileResult {
        String file();

        String title();
    }

    public record Compared(ScenarioComparison comparison) implements FileResult {
        public String file() {
            return comparison.file();
        }

        public String title() {
            return comparison.title();
        }
    }

    public record NotHostable(String file, String title, List<String> reasons) implements FileResult {
        public NotHostable {
            reasons = List.copyOf(reasons);
        }
    }

    /** The VM could not run it (it did not boot, or did not build the planned groups). */
    public record Failed(String file, String title, String message) implements FileResult {
    }

    /**
     * One boot.
     *
     * @param initUptime   the guest's uptime when /init started: the boot proper
     * @param wallSeconds  QEMU's whole life on the host, boot, runs and power-off
     */
    public record Boot(List<String> files, String release, double initUptime, double wallSeconds) {
        public Boot {
            files = List.copyOf(files);
        }
    }

    public record Run(List<FileResult> files, List<Boot> boots) {
        public Run {
            files = List.copyOf(files);
            boots = List.copyOf(boots);
        }

        /**
         * 0 all hosted files agree; 1 a disagreement; 2 a file cannot be hosted (unless {@code unhostableIsFine});
         * 3 the VM could not run a file.
         */
        public int exitStatus(boolean unhostableIsFine) {
            if (files.stream().anyMatch(f -> f instanceof Failed)) {
                return 3;
            }
            if (files.stream().anyMatch(f -> f instanceof Compared c && !c.comparison().agrees())) {
                return 1;
            }
            if (!unhostableIsFine && files.stream().anyMatch(f -> f instanceof NotHostable)) {
                return 2;
            }
            return 0;
        }
    }

    private KernelCheck() {
    }

    public static Run run(List<Scenario> scenarios, Options options, Progress progress) throws VmException {
        Map<Scenario, FileResult> results = new LinkedHashMap<>();
        Map<String, List<Scenario>> byLayout = new LinkedHashMap<>();
        Map<Scenario, Hosting.Hosted> hosted = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            results.put(s, null);
            Hosting h = HostingCheck.check(s);
            if (h instanceof Hosting.NotHostable n) {
                results.put(s, new NotHostable(s.file(), s.title(), n.reasons()));
            } else {
                Hosting.Hosted ok = (Hosting.Hosted) h;
                hosted.put(s, ok);
                byLayout.computeIfAbsent(ok.layout().key(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Boot> boots = new ArrayList<>();
        if (!byLayout.isEmpty()) {
            progress.said("runner: " + RunnerBinary.cacheDir() + " (compiled once per source version)");
            Path runner = RunnerBinary.get();
            for (List<Scenario> batch : byLayout.values()) {
                VmLayout layout = hosted.get(batch.get(0)).layout();
                progress.said("booting " + options.kernel().getFileName() + " for " + batch.size() + " scenario(s): "
                        + String.join(", ", batch.stream().map(s -> Path.of(s.file()).getFileName().toString()).toList()));
                try {
                    boots.add(boot(batch, layout, hosted, runner, options, results));
                } catch (VmException e) {
                    for (Scenario s : batch) {
                        results.put(s, new Failed(s.file(), s.title(), e.getMessage()));
                    }
                }
            }
        }
        return new Run(new ArrayList<>(results.values()), boots);
    }

    private static Boot boot(List<Scenario> batch, VmLayout layout, Map<Scenario, Hosting.Hosted> hosted, Path runner, Options options,
                             Map<Scenario, FileResult> results) throws VmException {
        List<VmBoot.Job> jobs = new ArrayList<>();
        for (Scenario s : batch) {
            jobs.add(new VmBoot.Job(drivers(layout), layout.selftestMock() ? StepScript.ofMock(s.steps(), noDirty(s)) : StepScript.of(s.steps(), layout.bdfs())));
        }
        VmBoot.Result r = VmBoot.boot(options.kernel(), layout, jobs, runner, options.timeout());
        VmOutput out = r.output();
        for (VmOutput.Scenario part : out.scenarios()) {
            for (String d : part.drivers()) {
                if (!d.contains(" ok ")) {
                    throw new VmException("the runner could not set a driver in the VM: " + d);
                }
            }
        }
        ProfileChoice choice = options.profile() != null
                ? new ProfileChoice(options.profile(), options.profile() + ", as --profile asks")
                : ProfileChoice.forRelease(out.release());
        if (layout.selftestMock()) {
            for (int i = 0; i < batch.size(); i++) {
                Scenario s = batch.get(i);
                results.put(s, i >= out.scenarios().size()
                        ? new Failed(s.file(), s.title(), "the VM stopped before this scenario ran")
                        : compareOnMock(s, hosted.get(s), out.scenarios().get(i), choice, out.release(), options.known()));
            }
            return new Boot(batch.stream().map(Scenario::file).toList(), out.release(), out.initUptime(), r.wallSeconds());
        }
        VmMachine machine = VmMachine.read(out.capture(), layout);
        for (int i = 0; i < batch.size(); i++) {
            Scenario s = batch.get(i);
            if (i >= out.scenarios().size()) {
                results.put(s, new Failed(s.file(), s.title(), "the VM stopped before this scenario ran"));
                continue;
            }
            results.put(s, new Compared(compare(s, layout, hosted.get(s), machine, out.scenarios().get(i), choice, out.release(), options.known())));
        }
        return new Boot(batch.stream().map(Scenario::file).toList(), out.release(), out.initUptime(), r.wallSeconds());
    }

    /** The mock devices created with MOCK_FLAGS_DEVICE_NO_DIRTY. */
    static Set<String> noDirty(Scenario s) {
        Set<String> out = new HashSet<>();
        s.topology().groups().forEach(g -> g.devices().stream().filter(d -> d.quirks().contains(DeviceQuirk.NO_DIRTY))
                .forEach(d -> out.add(d.name())));
        return out;
    }

    /** Each device's driver before step 1, as the runner's "drivers" file. */
    static String drivers(VmLayout layout) {
        StringBuilder sb = new StringBuilder();
        for (VmDevice d : layout.devices()) {
            sb.append(d.bdf()).append(' ').append(d.driver()).append('\n');
        }
        return sb.toString();
    }

    /** The engine's run on the imported machine, compared with the kernel's lines. */
    static ScenarioComparison compare(Scenario s, VmLayout layout, Hosting.Hosted hosting, VmMachine machine, VmOutput.Scenario kernel,
                                      ProfileChoice choice, String release, KnownDifferences known) {
        Scenario onVm = new Scenario(s.file(), s.title(), s.description(), choice.profile(), machine.topology(),
                DeviceNames.mapped(s.steps(), layout.bdfs()));
        ScenarioRun run = ScenarioRunner.run(onVm, choice.profile());
        return comparison(s, run, o -> StepComparator.compare(o, kernel.line(o.index() + 1).orElse(null)), hosting, kernel, choice,
                release, known, layoutLines(layout, machine));
    }

    /**
     * The engine's run beside the kernel's lines, step by step ({@code compare} gives a step's verdict): each
     * step shown as the file wrote it, a disagreement the known-differences file explains marked so, and the
     * notes on what was compared.
     */
    private static ScenarioComparison comparison(Scenario s, ScenarioRun run, java.util.function.Function<StepOutcome, StepComparison> compare,
                                                 Hosting.Hosted hosting, VmOutput.Scenario kernel, ProfileChoice choice, String release,
                                                 KnownDifferences known, List<String> layout) {
        List<StepComparison> steps = new ArrayList<>();
        List<KnownDifferences.Entry> used = new ArrayList<>();
        for (StepOutcome o : run.outcomes()) {
            StepComparison c = compare.apply(o);
            c = new StepComparison(c.step(), c.line(), asWritten(s.steps().get(o.index()), c.text()), c.verdict(), c.kernel(), c.engine(), c.note());
            if (c.verdict() == Verdict.DISAGREE) {
                var entry = known.explain(s.file(), c);
                if (entry.isPresent()) {
                    used.add(entry.get());
                    c = new StepComparison(c.step(), c.line(), c.text(), Verdict.KNOWN, c.kernel(), c.engine(),
                            entry.get().why() + " Evidence: " + entry.get().evidence());
                }
            }
            steps.add(c);
        }
        List<KnownDifferences.Entry> stale = known.of(s.file()).stream().filter(e -> !used.contains(e)).toList();
        List<String> notes = new ArrayList<>(hosting.notes());
        if (s.profile() != choice.profile()) {
            notes.add("the file is written for " + s.profile() + "; the engine runs it as " + choice.profile()
                    + " to compare with this kernel (the file's own expectations are not what is compared)");
        }
        if (!kernel.other().isEmpty()) {
            notes.add("the VM also printed: " + String.join(" | ", kernel.other()));
        }
        return new ScenarioComparison(s.file(), s.title(), release, choice.profile() + " (" + choice.why() + ")", notes,
                layout, steps, stale, kernel.guestSeconds());
    }

    /**
     * On the selftest mock: not hostable when the kernel has no IOMMU_TEST_CMD (the runner's probe, step 0);
     * otherwise the engine runs the file on its own topology (the mock's page size and aperture are what
     * {@link HostingCheck} checked against selftest.c's constants) and IDs are compared through an {@link IdMap}.
     */
    static FileResult compareOnMock(Scenario s, Hosting.Hosted hosting, VmOutput.Scenario kernel, ProfileChoice choice, String release,
                                    KnownDifferences known) {
        RunnerLine probe = kernel.line(0).orElse(null);
        if (probe == null || probe.outcome() != RunnerLine.Outcome.OK) {
            return new NotHostable(s.file(), s.title(), List.of("the kernel answers " + (probe == null ? "nothing" : probe.outcomeText())
                    + " to IOMMU_TEST_CMD: it is built without CONFIG_IOMMUFD_TEST, so it has no selftest mock iommu"));
        }
        Scenario onKernel = new Scenario(s.file(), s.title(), s.description(), choice.profile(), s.topology(), s.steps());
        ScenarioRun run = ScenarioRunner.run(onKernel, choice.profile());
        IdMap ids = new IdMap();
        List<String> layout = List.of("the selftest mock iommu (intel_iommu=off): " + s.topology().groups().size()
                + " mock device(s), each created by the IOMMU_TEST_OP_MOCK_DOMAIN of its bind");
        return new Compared(comparison(s, run, o -> StepComparator.compare(o, kernel.line(o.index() + 1).orElse(null), ids), hosting,
                kernel, choice, release, known, layout));
    }

    /** The step as the file wrote it (the engine ran it with the VM's device names). */
    private static String asWritten(org.iommuscope.engine.scenario.ScenarioStep step, String fallback) {
        return step.isOp() ? step.op().text(step.as()) : fallback;
    }

    static List<String> layoutLines(VmLayout layout, VmMachine machine) {
        List<String> out = new ArrayList<>();
        for (VmGroup g : layout.groups()) {
            String how = switch (g.placement()) {
                case ALONE -> "alone on slot " + String.format("%02x", g.slot());
                case MULTIFUNCTION -> "functions of one slot " + String.format("%02x", g.slot()) + " (no ACS between them)";
                case BRIDGE -> "behind PCI bridge " + g.bridgeBdf() + ", which joins the group (no driver: it claims no DMA)";
            };
            List<String> devs = g.devices().stream().map(d -> d.scenarioName() + " = " + d.bdf() + " (" + d.driver() + ")").toList();
            out.add("group " + g.scenarioGroup() + " = iommu_group " + machine.groupOf().get(g.scenarioGroup()) + ", " + how + ": "
                    + String.join(", ", devs));
        }
        return out;
    }
}
