package org.iommuscope.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.junit.jupiter.api.Test;

/** The inspector's pages for the iommufd of 2024-2026; expected values are the scenario files' own `check:` lines. */
class ModernObjectFieldsTest {

    private static List<Frame> frames(String name) throws Exception {
        return ScenarioFrames.load(Path.of("scenarios", name + ".yaml")).frames();
    }

    private static List<ObjectFields.Field> rows(List<ObjectFields.Field> f, String category) {
        return f.stream().filter(r -> r.category().equals(category)).toList();
    }

    @Test
    void theIdevsPageListsItsPasidTable() throws Exception {
        // pasid-shared-device step 16 checks group 5 on hwpt_guest (6) and `attached` hwpt_proc (5) at PASID 5.
        Frame f = frames("pasid-shared-device").get(16);
        List<ObjectFields.Field> table = rows(ObjectFields.of(f.state(), NodeId.idev(1), "acc"), "pasid table");
        assertEquals(List.of(new ObjectFields.Field("pasid table", "RID", "hwpt 6"), new ObjectFields.Field("pasid table", "pasid 5", "hwpt 5")),
                table);
    }

    @Test
    void theViommusPageListsItsVdevicesAndGreysTheTombstones() throws Exception {
        List<Frame> f = frames("viommu-object-diagram");
        // Step 15 checks `vdevices: {viommu: {0x8: dev}}`: vdevice 5 for idev 2.
        List<ObjectFields.Field> bound = ObjectFields.of(f.get(15).state(), NodeId.viommu(4), "viommu");
        assertEquals(List.of(new ObjectFields.Field("vdevices", "virt_id 0x8", "vdevice 5 · idev 2")), rows(bound, "vdevices"));
        assertTrue(rows(bound, "tombstones").isEmpty());
        // Step 37 checks `vdevices: {viommu: {}}` and `tombstoned: [vdev]`: ID 5, greyed.
        List<ObjectFields.Field> gone = ObjectFields.of(f.get(37).state(), NodeId.viommu(4), "viommu");
        assertTrue(rows(gone, "vdevices").isEmpty(), gone.toString());
        List<ObjectFields.Field> tomb = rows(gone, "tombstones");
        assertEquals(1, tomb.size());
        assertEquals("id 5", tomb.get(0).name());
        assertEquals("tombstone", tomb.get(0).style());
        assertTrue(bound.stream().filter(r -> !r.category().equals("tombstones")).allMatch(r -> r.style().isEmpty()), "only tombstones are greyed");
    }

    @Test
    void theFaultsPageListsItsPendingPageRequests() throws Exception {
        // iopf-fault-queue step 22 checks `faults: {fault: 2}`.
        List<ObjectFields.Field> f = ObjectFields.of(frames("iopf-fault-queue").get(22).state(), NodeId.fault(5), "fault");
        assertEquals(2, rows(f, "page requests").size(), f.toString());
        assertTrue(f.contains(new ObjectFields.Field("fault", "pending", "2")));
    }
}
