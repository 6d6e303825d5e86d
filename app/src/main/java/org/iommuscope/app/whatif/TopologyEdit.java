package org.iommuscope.app.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.scenario.Expectation;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.StepOutcome;

/**
 * A change to the machine at boot, and what it does to the steps already recorded. The engine builds the
 * kernel's state from the topology once, at boot (no hot-plug: a device appears in its iommu_group before any
 * driver probes), so an added device is there from the start and every branch is replayed on the new machine.
 * A step whose outcome changes is re-recorded with the outcome it has now and listed, never changed silently.
 */
final class TopologyEdit {
    /** Domain:bus:device.function, as sysfs spells a PCI device (lspci -D). */
    private static final Pattern BDF = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]");
    private static final Pattern DRIVER = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * What adding the device did: the branches re-recorded, and one line per step whose outcome changed ("step 2:
     * bind: {device: …} — ok → EPERM"; a step of another branch than the current one is named "branch 2, step 12").
     */
    record Outcome(List<Session.Branch> branches, List<String> changed) {
        Outcome {
            branches = List.copyOf(branches);
            changed = List.copyOf(changed);
        }
    }

    private TopologyEdit() {
    }

    /** The BDF as the topology spells it (lower-case hex); a clear reason when it is not one. */
    static String bdf(String typed) {
        String s = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (!BDF.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + (typed == null ? "" : typed.strip())
                    + "' is not a PCI address DDDD:BB:DD.F (hex; device 00-1f, function 0-7), e.g. 0000:06:0d.2");
        }
        return s;
    }

    static String driver(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (!DRIVER.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a driver name (vfio-pci, or a kernel driver such as lpc_ich)");
        }
        return s;
    }

    /** The MSI windows a group's devices reserve (they share one interrupt controller), first device that has any. */
    static List<ReservedRegion> siblingMsi(GroupSpec g) {
        for (PciDevice d : g.devices()) {
            List<ReservedRegion> msi = d.reserved().stream().filter(r -> r.type() == ResvType.MSI || r.type() == ResvType.SW_MSI).toList();
            if (!msi.isEmpty()) {
                return msi;
            }
        }
        return List.of();
    }

    /** The machine with {@code device} added to the end of its iommu_group. */
    static Topology withDevice(Topology t, PciDevice device) {
        GroupSpec g = t.group(device.groupId()).orElseThrow(
                () -> new IllegalArgumentException("there is no iommu_group " + device.groupId()));
        if (t.device(device.name()).isPresent()) {
            throw new IllegalArgumentException(device.name() + " is already in the machine");
        }
        List<PciDevice> devices = new ArrayList<>(g.devices());
        devices.add(device);
        List<GroupSpec> groups = new ArrayList<>();
        for (GroupSpec o : t.groups()) {
            groups.add(o.id() == g.id() ? new GroupSpec(g.id(), g.iommu(), g.defaultDomainType(), devices) : o);
        }
        return new Topology(t.pageSize(), t.iommus(), groups);
    }

    /**
     * Replays every branch on the old and the new machine. An op whose outcome changed and no longer meets its
     * expectation gets the new outcome as its {@code expect} (so the branch still saves as a file {@code check}
     * passes); a step that can no longer run, or a check that now fails, is kept as it is and listed.
     */
    static Outcome replay(Scenario base, Topology before, Topology after, List<Session.Branch> branches, int current) {
        List<Session.Branch> out = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            Session.Branch branch = branches.get(b);
            ScenarioRun was = ScenarioRunner.run(scenario(base, before, branch.steps()));
            ScenarioRun now = ScenarioRunner.run(scenario(base, after, branch.steps()));
            List<ScenarioStep> steps = new ArrayList<>(branch.steps());
            for (int i = 0; i < steps.size(); i++) {
                StepOutcome w = was.outcomes().get(i);
                StepOutcome n = now.outcomes().get(i);
                if (Objects.equals(w.actual(), n.actual()) && w.passed() == n.passed()) {
                    continue;
                }
                ScenarioStep s = steps.get(i);
                String line;
                if (s.isOp() && n.engineStep() != null && !n.passed()) {
                    Result r = n.engineStep().result();
                    Expectation actual = r.ok() ? null : r.fault() ? Expectation.FAULT : new Expectation.Fails(r.errno());
                    steps.set(i, new ScenarioStep(s.line(), s.column(), s.op(), s.as(), actual, s.say(), s.check()));
                    line = n.text() + " — " + brief(w) + " → " + brief(n);
                } else if (n.engineStep() == null && s.isOp()) {
                    line = n.text() + " — can no longer run: " + String.join("; ", n.problems());
                } else if (s.isCheck() && !n.passed()) {
                    line = "check now fails: " + String.join("; ", n.problems());
                } else {
                    continue;
                }
                changed.add((b == current ? "" : branch.name() + ", ") + "step " + (i + 1) + ": " + line);
            }
            out.add(new Session.Branch(branch.name(), branch.parent(), branch.forkAt(), steps));
        }
        return new Outcome(out, changed);
    }

    private static String brief(StepOutcome o) {
        if (o.engineStep() == null) {
            return o.actual();
        }
        Result r = o.engineStep().result();
        return r.ok() ? "ok" : r.fault() ? "fault" : r.errno().toString();
    }

    private static Scenario scenario(Scenario base, Topology t, List<ScenarioStep> steps) {
        return new Scenario(base.file(), base.title(), base.description(), base.profile(), t, steps);
    }
}
