package org.iommuscope.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.vm.boot.VmMachine;
import org.iommuscope.vm.boot.VmOutput;
import org.iommuscope.vm.compare.ComparisonReport;
import org.iommuscope.vm.compare.KnownDifferences;
import org.iommuscope.vm.compare.ScenarioComparison;
import org.iommuscope.vm.compare.Verdict;
import org.iommuscope.vm.layout.Hosting;
import org.iommuscope.vm.layout.HostingCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison and its report without QEMU: the seed thread's runner lines and sysfs capture as the 6.12.118 VM
 * sent them, compared with the engine on the imported machine.
 */
class KernelCheckReportTest {
    /** What the runner printed for the seed thread on 6.12.118 (ids, errnos, DMA verdicts). */
    static final String SEED_RUN = """
            === boot uptime=2.02 release=6.12.118
            === drivers 1
            0000:00:02.0 ok driver=vfio-pci
            0000:00:02.1 ok driver=vfio-pci
            === steps 1 uptime=2.40
            2 ok id=1
            3 ok id=2
            5 ok id=3
            6 ok id=4
            7 ok id=5
            8 ok id=6
            9 ok pt_id=5
            10 ok pt_id=5
            12 ok pt_id=6
            15 ok iova=0x100000000
            16 fault access=read record=[DMA_Read_NO_PASID]_Request_device_[00:02.1]_fault_addr_0x100000000_[fault_reason_0x06]_PTE_Read_access_is_not_set
            17 ok pt_id=6
            19 ok iova=0x100000000
            20 ok access=write dd=1
            21 ok
            23 ok
            25 fault access=read record=[DMA_Read_NO_PASID]_Request_device_[00:02.1]_fault_addr_0x100000000_[fault_reason_0x02]_Present_bit_in_context_entry_is_clear
            === end 1 rc=0 uptime=2.72
            === done
            """;

    private static ScenarioComparison seed(Path dir, String run, KnownDifferences known) throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/seed-thread.yaml"));
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(s));
        VmMachine m = VmMachine.read(VmCaptures.seed(dir, "vfio-pci"), h.layout());
        VmOutput out = VmOutput.parse(run);
        return KernelCheck.compare(s, h.layout(), h, m, out.scenarios().get(0), ProfileChoice.forRelease(out.release()), out.release(), known);
    }

    @Test
    void theSeedThreadAgreesStepByStepAndItsChecksAreNotObservable(@TempDir Path dir) throws Exception {
        ScenarioComparison c = seed(dir, SEED_RUN, KnownDifferences.none());
        assertTrue(c.agrees());
        assertEquals(17, c.count(Verdict.AGREE));
        assertEquals(6, c.count(Verdict.NOT_OBSERVABLE));
        assertEquals(0.32, c.guestSeconds(), 1e-9);
        List<String> report = ComparisonReport.lines(c);
        assertEquals("scenarios/seed-thread.yaml: Seed thread: replace in a multi-device group (v6.15)", report.get(0));
        assertEquals("  kernel 6.12.118; engine profile v6.12 (v6.12 is the newest profile not newer than 6.12.118)", report.get(1));
        assertEquals("  group 26 = iommu_group 1, functions of one slot 02 (no ACS between them): "
                + "0000:06:0d.0 = 0000:00:02.0 (vfio-pci), 0000:06:0d.1 = 0000:00:02.1 (vfio-pci)", report.get(2));
        int bind = report.indexOf("  step 2 (line 24) bind: {device: \"0000:06:0d.0\", as: idev1}");
        assertTrue(bind > 0, "steps are shown as the file wrote them");
        assertEquals("      agree: ok {id: 1}", report.get(bind + 1));
        int dma = report.indexOf("  step 16 (line 59) dma: {dev: idev2, iova: 0x100000000}");
        assertEquals("      agree: fault  (DMAR: [DMA Read NO PASID] Request device [00:02.1] fault addr 0x100000000 [fault reason 0x06] "
                + "PTE Read access is not set)", report.get(dma + 1));
        assertEquals("  17 agree, 0 disagree, 0 known differences, 6 not observable; the steps took 0.32 s in the VM",
                report.get(report.size() - 1));
    }

    @Test
    void aDisagreementShowsBothSidesAndAKnownDifferenceSaysWhyAndHowWeKnow(@TempDir Path dir) throws Exception {
        String other = SEED_RUN.replace("10 ok pt_id=5", "10 err EINVAL");
        ScenarioComparison c = seed(dir, other, KnownDifferences.none());
        assertEquals(1, c.count(Verdict.DISAGREE));
        List<String> report = ComparisonReport.lines(c);
        int at = report.indexOf("  step 10 (line 40) attach: {dev: idev2, pt: hwpt1}");
        assertEquals("      DISAGREE:  kernel EINVAL  |  engine ok {pt_id: 5}", report.get(at + 1));

        KnownDifferences known = KnownDifferences.parse("""
                - scenario: seed-thread.yaml
                  step: 10
                  kernel: EINVAL
                  engine: "ok {pt_id: 5}"
                  why: A made-up reason.
                  evidence: A made-up kernel function.
                - scenario: seed-thread.yaml
                  step: 12
                  kernel: EBUSY
                  engine: "ok {pt_id: 6}"
                  why: Gone.
                  evidence: Nothing any more.
                """, "k.yaml");
        c = seed(dir.resolve("again"), other, known);
        assertTrue(c.agrees());
        assertEquals(1, c.count(Verdict.KNOWN));
        report = ComparisonReport.lines(c);
        at = report.indexOf("  step 10 (line 40) attach: {dev: idev2, pt: hwpt1}");
        assertEquals("      known difference:  kernel EINVAL  |  engine ok {pt_id: 5}", report.get(at + 1));
        assertEquals("      A made-up reason. Evidence: A made-up kernel function.", report.get(at + 2));
        assertTrue(report.contains("  stale known difference (step 12 no longer differs that way): EBUSY | ok {pt_id: 6}"), report.toString());
    }

    @Test
    void aMachineTheKernelGroupedOtherwiseIsRefused(@TempDir Path dir) throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/seed-thread.yaml"));
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(s));
        VmException e = assertThrows(VmException.class, () -> VmMachine.read(VmCaptures.seed(dir, "e1000"), h.layout()));
        assertEquals("the VM's kernel did not group the devices as planned: 0000:00:02.1 (0000:06:0d.1) is on e1000, not vfio-pci",
                e.getMessage());
    }
}
