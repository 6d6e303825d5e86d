package org.iommuscope.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/** kernel-driver-sibling.yaml has two groups in one column (12 and 16), each with devices and edges. */
class GraphLayoutExtendTest {

    private static List<GraphModel> graphs(Scenario s) {
        return ScenarioFrames.frames(ScenarioRunner.run(s)).stream().map(Frame::graph).toList();
    }

    private static Scenario withDevice(Scenario s, int group, String name) {
        Topology t = s.topology();
        List<GroupSpec> groups = new ArrayList<>();
        for (GroupSpec g : t.groups()) {
            List<PciDevice> devs = new ArrayList<>(g.devices());
            if (g.id() == group) {
                devs.add(new PciDevice(name, group, PciDevice.VFIO_PCI, List.of(), Set.of()));
            }
            groups.add(new GroupSpec(g.id(), g.iommu(), g.defaultDomainType(), devs));
        }
        return new Scenario(s.file(), s.title(), s.description(), s.profile(), new Topology(t.pageSize(), t.iommus(), groups), s.steps());
    }

    private static boolean inside(GraphLayout.Box a, GraphLayout.Box b) {
        return a.x() >= b.x() && a.y() >= b.y() && a.x() + a.w() <= b.x() + b.w() && a.y() + a.h() <= b.y() + b.h();
    }

    @Test
    void aDeviceJoiningTheUpperGroupGrowsItAndPushesOnlyTheGroupBelowWithItsEdges() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", "kernel-driver-sibling.yaml"));
        GraphLayout before = GraphLayout.of(graphs(s));
        String upper = before.box("group-12").y() < before.box("group-16").y() ? "group-12" : "group-16";
        String lower = upper.equals("group-12") ? "group-16" : "group-12";
        int upperId = Integer.parseInt(upper.substring(6));
        GraphLayout after = before.extend(graphs(withDevice(s, upperId, "0000:00:1f.6")));

        GraphLayout.Box grown = after.box(upper);
        GraphLayout.Box dev = after.box("dev-0000-00-1f-6");
        assertTrue(inside(dev, grown), dev + " in " + grown);
        assertEquals(before.box(upper).y(), grown.y(), "the box grows downward");
        assertTrue(grown.h() > before.box(upper).h());
        double d = after.box(lower).y() - before.box(lower).y();
        assertTrue(d > 0, "the group below moved down");
        assertTrue(after.box(lower).y() >= grown.y() + grown.h(), "and no longer overlaps");
        List<String> moved = new ArrayList<>();
        for (Map.Entry<String, GraphLayout.Box> e : before.boxes().entrySet()) {
            GraphLayout.Box was = e.getValue();
            GraphLayout.Box now = after.box(e.getKey());
            if (e.getKey().equals(upper)) {
                continue;
            }
            if (e.getKey().equals(lower) || inside(was, before.box(lower))) {
                assertEquals(new GraphLayout.Box(was.x(), was.y() + d, was.w(), was.h()), now, e.getKey() + " moves with its group");
                moved.add(e.getKey());
            } else {
                assertEquals(was, now, e.getKey() + " stays where it was");
            }
        }
        // Every ELK route from a moved node starts on it again and stays orthogonal.
        int shifted = 0;
        for (String from : moved) {
            for (String to : after.boxes().keySet()) {
                List<GraphLayout.Point> r = after.route(from, to);
                if (r == null) {
                    continue;
                }
                shifted++;
                assertNotEquals(before.route(from, to), r);
                GraphLayout.Box b = after.box(from);
                assertTrue(r.get(0).y() >= b.y() && r.get(0).y() <= b.y() + b.h(), from + ">" + to + " starts on " + from + ": " + r);
                GraphLayout.Box t = after.box(to);
                GraphLayout.Point end = r.get(r.size() - 1);
                assertTrue(end.y() >= t.y() && end.y() <= t.y() + t.h(), from + ">" + to + " ends on " + to + ": " + r);
                for (int i = 1; i < r.size(); i++) {
                    assertTrue(r.get(i).x() == r.get(i - 1).x() || r.get(i).y() == r.get(i - 1).y(), "orthogonal: " + r);
                }
            }
        }
        assertTrue(shifted > 0, "the moved group has routed edges");
        assertFalse(inside(after.box(lower), grown));
    }
}
