package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.graphstream.graph.Graph;
import org.graphstream.graph.implementations.MultiGraph;
import org.graphstream.stream.SinkAdapter;
import org.graphstream.stream.file.FileSourceDGS;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.engine.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ImportExportCliTest {

    @Test
    void importWritesAScenarioThatChecksAndTellsWhichGroupsAreNotViable(@TempDir Path dir) throws Exception {
        Path sys = dir.resolve("sys");
        FakeSysfs.server(sys);
        Files.writeString(sys.resolve("kernel/iommu_groups/28/reserved_regions"), "0xfee00000 garbage\n");
        Path out = dir.resolve("topology.yaml");
        CliRun r = CliRun.of("import", sys.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: group 28: reserved_regions line 1 '0xfee00000 garbage' is not 'start end type': skipped"), r.err());
        assertTrue(r.err().contains("group 26 (0000:06:0d.1 on e1000e) is not viable: a kernel driver holds its DMA"), r.err());
        assertTrue(r.err().contains("imported 4 iommu_groups, 10 devices, 3 IOMMU unit(s) from sys to " + out
                + "; 2 group(s) not viable, 1 warning(s)"), r.err());
        assertTrue(r.out().isEmpty(), "the scenario went to the file");
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("steps: []"), yaml);
        assertTrue(yaml.contains("driver: pcieport\n          driver_managed_dma: true"), yaml);
        CliRun check = CliRun.of("check", out.toString());
        assertEquals(0, check.code(), check.out());
    }

    @Test
    void importTellsWhichGroupsAFirmwareIdentityMappingMakesNotAssignable(@TempDir Path dir) throws Exception {
        Path sys = dir.resolve("sys");
        FakeSysfs.server(sys);
        Files.writeString(sys.resolve("kernel/iommu_groups/28/reserved_regions"),
                "0x000000007a7e1000 0x000000007a7fcfff direct\n0x00000000fee00000 0x00000000feefffff msi\n");
        CliRun r = CliRun.of("import", sys.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.contains("not assignable")).toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("group 28 (") && lines.get(0).contains("direct [0x7a7e1000, 0x7a7fcfff]")
                && lines.get(0).endsWith("is not assignable: its firmware demands a 1:1 mapping, so the group cannot go to its blocking domain"),
                lines.get(0));
        assertTrue(lines.get(1).contains("; 2 group(s) not viable, 1 not assignable (RESV_DIRECT), 0 warning(s)"), lines.get(1));
        assertTrue(r.out().contains("type: direct"), r.out());
    }

    @Test
    void importOfATarCaptureGoesToStdoutAndAnythingElseIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        FakeSysfs f = FakeSysfs.laptop(dir.resolve("sys"));
        Path tar = f.tar(dir.resolve("laptop.tar"));
        CliRun r = CliRun.of("import", tar.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("scenario: \"Machine imported from laptop.tar\""), r.out());
        assertTrue(r.out().contains("name: \"0000:00:1f.4\"\n          driver: i801_smbus"), r.out());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun bad = CliRun.of("import", empty.toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("import: " + empty + ": no kernel/iommu_groups in it"), bad.err());
    }

    @Test
    void largeImportsShowProgressOnStderr(@TempDir Path dir) throws Exception {
        FakeSysfs f = FakeSysfs.sriov(dir.resolve("sys"), 256);
        Path tar = f.tar(dir.resolve("vfs.tar"));
        CliRun r = CliRun.of("import", tar.toString(), "-o", dir.resolve("vfs.yaml").toString(), "--progress-after", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("\rimport: 1028/1028 groups\n"), r.err());
        assertTrue(r.err().contains("... and 880 more groups not viable"), r.err());
        assertTrue(r.err().contains("1028 iommu_groups, 1028 devices, 4 IOMMU unit(s)"), r.err());
    }

    /** Node ids and edge "from>to" of a graph. */
    private record Shape(TreeSet<String> nodes, TreeMap<String, String> edges) {
        static Shape of(GraphModel g) {
            TreeMap<String, String> e = new TreeMap<>();
            g.edges().values().forEach(x -> e.put(x.id(), x.from() + ">" + x.to()));
            return new Shape(new TreeSet<>(g.nodes().keySet()), e);
        }

        static Shape of(Graph g) {
            TreeMap<String, String> e = new TreeMap<>();
            g.edges().forEach(x -> e.put(x.getId(), x.getSourceNode().getId() + ">" + x.getTargetNode().getId()));
            return new Shape(g.nodes().map(n -> n.getId()).collect(Collectors.toCollection(TreeSet::new)), e);
        }
    }

    @Test
    void theDgsTimelineReplaysInGraphStreamStepByStepAsTheCanvasDrawsIt(@TempDir Path dir) throws Exception {
        Path dgs = dir.resolve("seed.dgs");
        CliRun r = CliRun.of("export", "scenarios/seed-thread-v2.yaml", "--dgs", dgs.toString());
        assertEquals(0, r.code(), r.err());
        List<GraphModel> frames = ScenarioFrames.load(Path.of("scenarios/seed-thread-v2.yaml")).frames().stream().map(f -> f.graph()).toList();

        Graph g = new MultiGraph("replay", false, true);
        List<Shape> seen = new ArrayList<>();
        List<String> divergedIdevs = new ArrayList<>();
        Runnable snapshot = () -> {
            seen.add(Shape.of(g));
            divergedIdevs.add(g.nodes().filter(n -> "true".equals(String.valueOf(n.getAttribute("diverged"))))
                    .map(n -> n.getId()).sorted().collect(Collectors.joining(",")));
        };
        FileSourceDGS source = new FileSourceDGS();
        source.addSink(g);
        source.addSink(new SinkAdapter() {
            @Override
            public void stepBegins(String sourceId, long timeId, double step) {
                // The graph now holds everything read before this step: the state of the previous one.
                if (step > 0) {
                    snapshot.run();
                }
            }
        });
        source.readAll(dgs.toString());
        snapshot.run();
        assertEquals(frames.size(), seen.size(), "one DGS step per scenario step, and step 0");
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(Shape.of(frames.get(i)), seen.get(i), "step " + i);
            String diverged = frames.get(i).nodes().values().stream().filter(n -> n.classes().contains("diverged"))
                    .map(GraphModel.Node::id).sorted().collect(Collectors.joining(","));
            assertEquals(diverged, divergedIdevs.get(i), "step " + i);
        }
        assertTrue(seen.stream().distinct().count() > 5, "the graph changes along the way");
        assertTrue(divergedIdevs.contains("idev-2"), "the v2 seed diverges: " + divergedIdevs);
        assertEquals(frames.size() - 1, ((Number) g.getAttribute("step")).intValue());
        var last = ScenarioFrames.load(Path.of("scenarios/seed-thread-v2.yaml")).frames().get(frames.size() - 1);
        assertEquals(last.op(), g.getAttribute("op"), "the graph attributes name the step's op");
        assertEquals("0000:06:0d.0", g.getNode("dev-0000-06-0d-0").getAttribute("ui.label"));
        assertEquals("device", g.getNode("dev-0000-06-0d-0").getAttribute("kind"));
    }

    @Test
    void graphmlHoldsTheChosenStateWithTypedKeys(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("seed.graphml");
        CliRun r = CliRun.of("export", "scenarios/seed-thread-v2.yaml", "--graphml", out.toString(), "--step", "13");
        assertEquals(0, r.code(), r.err());
        GraphModel state = ScenarioFrames.load(Path.of("scenarios/seed-thread-v2.yaml")).frames().get(13).graph();
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(out.toFile());
        assertEquals(state.nodes().size(), doc.getElementsByTagName("node").getLength());
        assertEquals(state.edges().size(), doc.getElementsByTagName("edge").getLength());
        String xml = Files.readString(out);
        assertTrue(xml.contains("<key id=\"n-diverged\" for=\"node\" attr.name=\"diverged\" attr.type=\"boolean\"/>"), xml);
        assertTrue(xml.contains("<node id=\"idev-2\"><data key=\"n-kind\">idev</data>"), xml);
        assertTrue(xml.contains("<data key=\"n-diverged\">true</data>"), "idev 2 is diverged at step 13 under v2: " + xml);
        assertEquals(2, CliRun.of("export", "scenarios/seed-thread-v2.yaml").code(), "nothing asked for");
    }

    @Test
    void importAndExportRunInAJvmWithNoDisplayAndNoJavaFx(@TempDir Path dir) throws Exception {
        FakeSysfs.server(dir.resolve("sys"));
        Path yaml = dir.resolve("t.yaml");
        Path dgs = dir.resolve("t.dgs");
        for (List<String> args : List.of(List.of("import", dir.resolve("sys").toString(), "-o", yaml.toString()),
                List.of("export", yaml.toString(), "--dgs", dgs.toString(), "--graphml", dir.resolve("t.graphml").toString()))) {
            CliRun r = CliRun.inChildJvmWithoutJavaFx(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.out() + r.err());
        }
        assertTrue(Files.readString(dgs).startsWith("DGS004\n"));
    }
}
