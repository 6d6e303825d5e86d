package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.ObjType;
import org.iommuscope.engine.iommufd.Profile;

/**
 * One scenario replayed under two profiles, step by step: where outcomes, outputs or state part, and every
 * difference after. State is compared by what a reviewer reads off the picture: each group's domain,
 * each object's users, what is attached, recorded, diverged and implicit.
 */
public final class ProfileComparison {

    /** How one step differs: the step, both outcomes, and each differing fact as "what: left | right". */
    public record StepDifference(int index, int line, String text, String left, String right, List<String> facts) {
    }

    private final Profile left;
    private final Profile right;
    private final List<StepDifference> differences;

    private ProfileComparison(Profile left, Profile right, List<StepDifference> differences) {
        this.left = left;
        this.right = right;
        this.differences = List.copyOf(differences);
    }

    public static ProfileComparison of(Scenario scenario, Profile left, Profile right) {
        ScenarioRun a = ScenarioRunner.run(scenario, left);
        ScenarioRun b = ScenarioRunner.run(scenario, right);
        List<StepDifference> diffs = new ArrayList<>();
        for (int i = 0; i < a.outcomes().size(); i++) {
            StepOutcome x = a.outcomes().get(i);
            StepOutcome y = b.outcomes().get(i);
            if ("say".equals(x.kind()) || "check".equals(x.kind())) {
                continue;
            }
            List<String> facts = new ArrayList<>();
            String ax = x.engineStep() == null ? x.actual() : outcomeText(x);
            String by = y.engineStep() == null ? y.actual() : outcomeText(y);
            if (!ax.equals(by)) {
                facts.add("result: " + ax + " | " + by);
            }
            Map<String, String> da = digest(x.after());
            Map<String, String> db = digest(y.after());
            TreeSet<String> keys = new TreeSet<>(da.keySet());
            keys.addAll(db.keySet());
            for (String k : keys) {
                String va = da.getOrDefault(k, "—");
                String vb = db.getOrDefault(k, "—");
                if (!Objects.equals(va, vb)) {
                    facts.add(k + ": " + va + " | " + vb);
                }
            }
            if (!facts.isEmpty()) {
                diffs.add(new StepDifference(i + 1, x.line(), x.text(), ax, by, facts));
            }
        }
        return new ProfileComparison(left, right, diffs);
    }

    private static String outcomeText(StepOutcome o) {
        var r = o.engineStep().result();
        return r.outcome() + (r.outputs().isEmpty() ? "" : " " + r.outputs());
    }

    /** The facts a reviewer reads off a state. */
    public static Map<String, String> digest(State s) {
        Snapshot snap = new Snapshot(s);
        Map<String, String> d = new TreeMap<>();
        for (IommuGroup g : s.groups().values()) {
            d.put("group " + g.id() + " domain", snap.groupDomainLabel(g.id()));
        }
        for (IommufdObject o : s.objects().values()) {
            d.put(o.type().label() + " " + o.id() + " users", String.valueOf(o.users()));
            if (o.type().name().startsWith("HWPT")) {
                d.put("hwpt " + o.id() + " attached", new TreeSet<>(snap.attached(o.id())).toString());
                if (!snap.dirtyRuns(o.id()).isEmpty()) {
                    d.put("hwpt " + o.id() + " dirty", YamlText.ranges(snap.dirtyRuns(o.id())));
                }
            }
            if (o instanceof Idev i) {
                int rec = snap.recorded(i.id());
                d.put("idev " + i.id() + " recorded", rec < 0 ? "none" : "hwpt " + rec);
                if (snap.pasids(i).keySet().stream().anyMatch(p -> p != 0)) {
                    d.put("idev " + i.id() + " pasids", snap.pasids(i).toString());
                }
            }
            if (o.type() == ObjType.FAULT) {
                d.put("fault " + o.id() + " pending", String.valueOf(snap.pendingRequests(o.id()).size()));
            }
            if (o.type() == ObjType.VIOMMU) {
                d.put("viommu " + o.id() + " vdevices", vdevText(snap, o.id()));
            }
            if (o.type() == ObjType.VEVENTQ) {
                d.put("veventq " + o.id() + " events", String.valueOf(snap.pendingEvents(o.id()).size()));
            }
        }
        if (!s.tombstones().isEmpty()) {
            d.put("tombstoned", snap.tombstones().toString());
        }
        d.put("diverged", snap.divergedIdevs().toString());
        d.put("implicit", snap.implicitIdevs().toString());
        return d;
    }

    /** "{0x8: idev 2}": a vIOMMU's virt_id → idev map. */
    private static String vdevText(Snapshot snap, int viommu) {
        List<String> parts = new ArrayList<>();
        snap.vdevices(viommu).forEach((virtId, idev) -> parts.add(NumberSyntax.format(virtId) + ": idev " + idev));
        return "{" + String.join(", ", parts) + "}";
    }

    public Profile left() {
        return left;
    }

    public Profile right() {
        return right;
    }

    public List<StepDifference> differences() {
        return differences;
    }

    /** The first step where the two runs part, or null when they never do. */
    public StepDifference first() {
        return differences.isEmpty() ? null : differences.get(0);
    }
}
