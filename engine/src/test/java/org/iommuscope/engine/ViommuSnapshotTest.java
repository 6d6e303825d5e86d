package org.iommuscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;

/**
 * The questions the vIOMMU picture asks of a state (iommufd.rst's third diagram): a vIOMMU's parent, what hangs off
 * it, its vDEVICEs by virt_id, the tombstoned IDs, and a DMA's walk through both stages without running it.
 */
class ViommuSnapshotTest {

    @Test
    void aSnapshotAnswersWhatTheVirtualDiagramDraws() {
        Machines.Driver k = ViommuErrnosTest.withViommu(Profile.V6_18);
        int vdev = k.ok(new Op.VdeviceAlloc(7, 1, 0x8), "id");
        int q = k.ok(new Op.VeventqAlloc(7, 4), "id");
        int nested = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, Stage1.of(Stage1.Mode.TRANSLATE,
                List.of(new Stage1.Range(0x1000000, ViommuErrnosTest.RAM, 0x10000, Prot.RW)))), "id");
        int hwq = k.ok(new Op.HwQueueAlloc(7, null, 0, ViommuErrnosTest.RAM + 0x100000, 0x1000), "id");
        Snapshot snap = k.snapshot();
        assertEquals(6, snap.viommuParent(7), "viommu->hwpt");
        assertEquals(-1, snap.viommuParent(6), "a hwpt is no vIOMMU");
        assertEquals(Map.of(0x8L, 1), snap.vdevices(7), "virt_id → idev");
        assertEquals(List.of(vdev, q, nested, hwq), snap.onViommu(7).stream().map(IommufdObject::id).toList(),
                "its vDEVICE, vEVENTQ, nested hwpt and HW queue, by ID (not the queue's internal access)");
        assertEquals(1, snap.viommus().size());
        assertTrue(snap.tombstones().isEmpty());
    }

    @Test
    void aDmaWalkShowsGuestIovaGuestPaAndHostPaWithoutRunningTheDma() {
        Machines.Driver k = ViommuErrnosTest.withViommu(Profile.V6_18);
        k.ok(new Op.VdeviceAlloc(7, 1, 0x8), "id");
        int nested = k.ok(new Op.HwptAlloc(1, 7, Set.of(), null, Stage1.of(Stage1.Mode.TRANSLATE,
                List.of(new Stage1.Range(0x1000000, ViommuErrnosTest.RAM + 0x5000, 0x1000, Prot.R)))), "id");
        k.ok(new Op.Attach(1, nested), "pt_id");
        State before = k.state;
        Dma.Outcome ok = k.snapshot().dmaWalk(ViommuErrnosTest.A, 0x1000010, false, 0);
        assertEquals(ViommuErrnosTest.RAM + 0x5010, ok.gpa(), "stage 1");
        assertEquals(0x100005010L, ok.pa(), "stage 2: the first page pinned at 4 GiB, as UserMemory hands them out");
        assertNull(ok.fault());
        Dma.Outcome write = k.snapshot().dmaWalk(ViommuErrnosTest.A, 0x1000010, true, 0);
        assertEquals(1, write.stage(), "the guest's read-only mapping refuses a write at stage 1");
        assertNull(write.gpa());
        Dma.Outcome hole = k.snapshot().dmaWalk(ViommuErrnosTest.A, 0x2000000, false, 0);
        assertEquals(1, hole.stage());
        assertTrue(hole.fault().contains("not mapped in stage 1"), hole.fault());
        assertTrue(before == k.state, "a walk changes nothing");
    }
}
