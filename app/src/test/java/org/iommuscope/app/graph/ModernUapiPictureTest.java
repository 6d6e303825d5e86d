package org.iommuscope.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.iommuscope.app.graph.GraphModel.EdgeKind;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.junit.jupiter.api.Test;

/**
 * The picture of the iommufd of 2024-2026, read from the bundled scenarios: PASID attachments, dirty tracking,
 * fault queues, RMRR groups and the vIOMMU objects. The expected IDs, PASIDs, virt_ids and addresses are the ones
 * the scenario files themselves expect of the kernel (their `expect:` and `check:` lines, quoted in each test).
 */
class ModernUapiPictureTest {

    private static List<Frame> frames(String name) throws Exception {
        return ScenarioFrames.load(Path.of("scenarios", name + ".yaml")).frames();
    }

    private static GraphModel.Edge edge(GraphModel g, String id) {
        GraphModel.Edge e = g.edges().get(id);
        assertNotNull(e, "no edge " + id + " in " + g.edges().keySet());
        return e;
    }

    @Test
    void eachPasidAttachmentIsItsOwnLabelledEdgeBesideTheRidEdge() throws Exception {
        // pasid-shared-device step 15: `attach: {dev: acc, pt: hwpt_proc, pasid: 5}`; step 16 checks the RID on
        // hwpt_guest (id 6) and hwpt_proc (id 5) at PASID 5, idev acc being id 1.
        GraphModel g = frames("pasid-shared-device").get(16).graph();
        GraphModel.Edge pasid = edge(g, "pasid-1-5");
        assertEquals(EdgeKind.PASID, pasid.kind());
        assertEquals("idev-1", pasid.from());
        assertEquals("hwpt-5", pasid.to());
        assertEquals("pasid 5", pasid.label());
        GraphModel.Edge rid = edge(g, "att-1");
        assertEquals("hwpt-6", rid.to(), "the RID edge as before");
        assertEquals("", rid.label());
        assertTrue(g.edges().values().stream().noneMatch(e -> e.kind() == EdgeKind.PASID && e.label().equals("pasid 0")),
                "the RID is not drawn as a PASID");
        // Step 29 unbinds acc: its PASID attachment goes with it.
        assertTrue(frames("pasid-shared-device").get(29).graph().edges().values().stream().noneMatch(e -> e.kind() == EdgeKind.PASID));
    }

    @Test
    void aDmaAtAPasidIsProbedAlongThePasidEdgeToThatPasidsHwpt() throws Exception {
        // Step 22: `dma: {dev: acc, iova: 0x1000000, access: write, pasid: 5}` goes through hwpt_proc (5) to ioas proc (3).
        GraphStep step = frames("pasid-shared-device").get(22).picture();
        DmaProbe p = step.probes().get(0);
        assertEquals(List.of("dev-0000-6a-01-0", "idev-1", "hwpt-5", "ioas-3"), p.nodes());
        // Step 21, the same IOVA without a PASID, goes through the group's domain, hwpt_guest (6).
        DmaProbe rid = frames("pasid-shared-device").get(21).picture().probes().get(0);
        assertEquals(List.of("dev-0000-6a-01-0", "group-5", "hwpt-6", "ioas-2"), rid.nodes());
    }

    @Test
    void aDirtyTrackingHwptSaysSoOnceTrackingIsOn() throws Exception {
        List<Frame> f = frames("live-migration-dirty-tracking");
        // hwpt 3 is allocated with flags [dirty_tracking] (step 5); step 13 `set_dirty_tracking: {enable: true}`.
        GraphModel.Node before = f.get(12).graph().nodes().get("hwpt-3");
        GraphModel.Node after = f.get(13).graph().nodes().get("hwpt-3");
        assertTrue(before.classes().contains("dirty"));
        assertFalse(before.detail().contains("dirty tracking on"), before.detail());
        assertTrue(after.detail().startsWith("dirty tracking on"), after.detail());
        assertFalse(f.get(26).graph().nodes().get("hwpt-3").detail().contains("dirty tracking on"), "step 26 turns it off");
    }

    @Test
    void theFaultQueueShowsItsPendingCountAndAQueuedDmaEndsThere() throws Exception {
        List<Frame> f = frames("iopf-fault-queue");
        // fault is id 5 (step 6), hwpt id 6 is allocated with it (step 9); step 19 `dma: {dev: acc, iova: 0x400000,
        // access: write}` faults and is queued; step 22 checks `faults: {fault: 2}`.
        GraphModel g = f.get(19).graph();
        assertTrue(g.nodes().get("fault-5").detail().startsWith("1 pending"), g.nodes().get("fault-5").detail());
        assertEquals("fault-5", edge(g, "fault-of-6").to());
        assertEquals(EdgeKind.FAULT, edge(g, "fault-of-6").kind());
        assertTrue(f.get(22).graph().nodes().get("fault-5").detail().startsWith("2 pending"));
        DmaProbe p = f.get(19).picture().probes().get(0);
        assertTrue(p.fault());
        assertEquals("fault-5", p.end(), p.nodes().toString());
        assertEquals("hwpt-6", p.nodes().get(p.nodes().size() - 2));
        assertTrue(p.text().contains("page request"), p.text());
        // Step 21 faults on the nic's plain hwpt, which has no fault object: it stops at that domain as before.
        DmaProbe plain = f.get(21).picture().probes().get(0);
        assertTrue(plain.end().startsWith("hwpt-"), plain.nodes().toString());
    }

    @Test
    void aGroupWithAnRmrrIsMarkedNotAssignableWithTheKernelsWarning() throws Exception {
        // rmrr-not-assignable: group 17's 0000:02:00.0 has a `direct` region (v6.6: EINVAL); group 3's is direct-relaxable.
        GraphModel g = frames("rmrr-not-assignable").get(0).graph();
        GraphModel.Node rmrr = g.nodes().get("group-17");
        assertTrue(rmrr.classes().containsAll(Set.of("rmrr", "not-assignable")), rmrr.classes().toString());
        assertEquals("RMRR · not assignable", rmrr.detail());
        assertTrue(rmrr.tooltip().contains("Firmware has requested this device have a 1:1 IOMMU mapping"), rmrr.tooltip());
        GraphModel.Node relaxable = g.nodes().get("group-3");
        assertFalse(relaxable.classes().contains("rmrr"));
        assertEquals("", relaxable.detail());
    }

    @Test
    void theVdeviceLinksItsIdevToTheViommuWithItsVirtIdAndTheEventQueueHangsOffTheViommu() throws Exception {
        // viommu-object-diagram: viommu 4 on hwpt s2 (3), `vdevice_alloc: {virt_id: 0x8}` → vdevice 5 for idev dev (2),
        // veventq 6, nested hwpt s1 (7) on the viommu.
        GraphModel g = frames("viommu-object-diagram").get(23).graph();
        assertTrue(g.nodes().get("vdevice-5").detail().startsWith("virt_id 0x8"), g.nodes().get("vdevice-5").detail());
        assertEquals("idev-2", edge(g, "vdev-5").from());
        assertEquals("vdevice-5", edge(g, "vdev-5").to());
        assertEquals("viommu-4", edge(g, "on-vdevice-5").to());
        assertEquals("viommu-4", edge(g, "on-veventq-6").to());
        assertEquals("viommu-4", edge(g, "parent-7").to());
        assertEquals("hwpt-3", edge(g, "parent-4").to());
    }

    @Test
    void theViommuSitsBetweenTheNestedHwptAndItsParentAsInIommufdRst() throws Exception {
        List<GraphModel> graphs = frames("viommu-object-diagram").stream().map(Frame::graph).toList();
        GraphLayout l = GraphLayout.of(graphs);
        double idev = l.box("idev-2").x();
        double nested = l.box("hwpt-7").x();
        double vdev = l.box("vdevice-5").x();
        double viommu = l.box("viommu-4").x();
        double parent = l.box("hwpt-3").x();
        double ioas = l.box("ioas-1").x();
        assertTrue(idev < nested && nested < viommu && viommu < parent && parent < ioas,
                "device/idev, hwpt_nested, viommu, hwpt_paging, ioas from left to right");
        assertEquals(nested, vdev, "the vDEVICE in the hwpt_nested's column, between the idev and the vIOMMU");
    }

    @Test
    void aNestedDmaIsMarkedAtBothStages() throws Exception {
        // Step 23: `dma: {dev: dev, iova: 0x1002000}` expects `{gpa: 0x40002000, pa: 0x100002000}`.
        DmaProbe p = frames("viommu-object-diagram").get(23).picture().probes().get(0);
        assertEquals("ioas-1", p.end());
        assertTrue(p.nodes().containsAll(List.of("hwpt-7", "viommu-4", "hwpt-3")), p.nodes().toString());
        assertEquals(List.of(new DmaProbe.Stage("hwpt-7", "stage 1: iova 0x1002000 → gpa 0x40002000"),
                new DmaProbe.Stage("hwpt-3", "stage 2: gpa 0x40002000 → pa 0x100002000")), p.stages());
        // A one-stage DMA (step 9, through the parent alone) has none.
        assertTrue(frames("viommu-object-diagram").get(9).picture().probes().get(0).stages().isEmpty());
    }

    @Test
    void theLegendListsTheNewKindsOnlyWhereAScenarioDrawsThem() throws Exception {
        GraphLayout seed = GraphLayout.of(frames("seed-thread").stream().map(Frame::graph).toList());
        assertEquals(LegendEntry.ALL, LegendEntry.shown(seed.styles()), "the seed's legend as it was");
        GraphLayout viommu = GraphLayout.of(frames("viommu-object-diagram").stream().map(Frame::graph).toList());
        List<String> texts = LegendEntry.shown(viommu.styles()).stream().map(LegendEntry::text).toList();
        assertTrue(texts.containsAll(List.of("viommu", "vdevice", "veventq", "vdevice of", "on the viommu")), texts.toString());
        assertFalse(texts.contains("attached at a PASID"), "no PASID in this scenario");
        GraphLayout pasid = GraphLayout.of(frames("pasid-shared-device").stream().map(Frame::graph).toList());
        assertTrue(LegendEntry.shown(pasid.styles()).stream().anyMatch(e -> e.text().equals("attached at a PASID")));
    }
}
