package org.iommuscope.vm.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.StepOutcome;
import org.iommuscope.vm.Topologies;
import org.iommuscope.vm.runner.RunnerLine;
import org.junit.jupiter.api.Test;

/** The comparison of one step: the engine's outcome (its run of the file) against a runner line. */
class StepComparatorTest {

    private static StepComparison compare(ScenarioRun run, int step, String kernelLine) {
        StepOutcome o = run.outcomes().get(step - 1);
        return StepComparator.compare(o, kernelLine == null ? null : RunnerLine.parse(kernelLine).orElseThrow());
    }

    private static ScenarioRun seed() throws Exception {
        return ScenarioRunner.run(ScenarioLoader.load(Path.of("scenarios/seed-thread.yaml")));
    }

    /** Lines the 6.12.118 kernel printed for the seed thread. */
    @Test
    void theSameIdsAndFaultsAgreeAndAChecksKeysAreNotObservable() throws Exception {
        ScenarioRun run = seed();
        StepComparison bind = compare(run, 2, "2 ok id=1");
        assertEquals(Verdict.AGREE, bind.verdict());
        assertEquals("ok {id: 1}", bind.kernel());
        assertEquals("ok {id: 1}", bind.engine());
        StepComparison check = compare(run, 4, null);
        assertEquals(Verdict.NOT_OBSERVABLE, check.verdict());
        assertTrue(check.note().contains("group_domain, users"), check.note());
        StepComparison dma = compare(run, 16, "16 fault access=read record=[DMA_Read_NO_PASID]_Request_device_[00:02.1]_fault_addr_0x100000000_[fault_reason_0x06]_PTE_Read_access_is_not_set");
        assertEquals(Verdict.AGREE, dma.verdict());
        assertTrue(dma.note().startsWith("DMAR: [DMA Read NO PASID]"), dma.note());
        assertEquals(Verdict.AGREE, compare(run, 20, "20 ok access=write dd=1").verdict());
        assertEquals(Verdict.CAPTION, compare(run, 1, null).verdict());
    }

    @Test
    void anotherErrnoIdOrDmaVerdictDisagreesAndShowsBothSides() throws Exception {
        ScenarioRun run = seed();
        StepComparison errno = compare(run, 9, "9 err EINVAL");
        assertEquals(Verdict.DISAGREE, errno.verdict());
        assertEquals("EINVAL", errno.kernel());
        assertEquals("ok {pt_id: 5}", errno.engine());
        StepComparison id = compare(run, 9, "9 ok pt_id=7");
        assertEquals(Verdict.DISAGREE, id.verdict());
        assertEquals("ok {pt_id: 7}", id.kernel());
        assertEquals(Verdict.DISAGREE, compare(run, 16, "16 ok access=read dd=1").verdict());
        assertEquals(Verdict.DISAGREE, compare(run, 2, null).verdict(), "no answer from the kernel");
    }

    @Test
    void whatVfioCannotIssueIsNotObservableAndAStepNeitherSideCouldRunIsNotRun() {
        ScenarioRun run = ScenarioRunner.run(Topologies.load("""
                scenario: t
                topology:
                  groups: [{id: 1, devices: [{name: a, reserved: [{start: 0xfee00000, last: 0xfeefffff, type: msi}]}, {name: b}]}]
                steps:
                  - bind: {device: a, as: d1}
                  - bind: {device: b, as: d2}
                  - ioas_alloc: {as: i}
                  - attach: {dev: d1, pt: i, as: h}
                  - replace: {dev: d2, pt: h}
                    expect: EINVAL
                  - ioas_alloc: {as: j}
                  - destroy: {id: j}
                  - attach: {dev: d1, pt: 99, as: gone}
                    expect: ENOENT
                  - destroy: {id: gone}
                  - ioas_iova_ranges: {ioas: i, max: 1}
                    expect: any
                """));
        StepComparison replace = compare(run, 5, "5 skip replace-unattached");
        assertEquals(Verdict.NOT_OBSERVABLE, replace.verdict());
        assertTrue(replace.note().contains("vfio_iommufd_physical_attach_ioas()"), replace.note());
        assertEquals(Verdict.NOT_RUN, compare(run, 9, "9 skip unbound gone").verdict());
        assertEquals(Verdict.DISAGREE, compare(run, 7, "7 skip unbound j").verdict(), "the engine bound j, the kernel did not");
        StepComparison ranges = compare(run, 10, "10 err EMSGSIZE num=2 alignment=0x1000 ranges=0x0-0xfedfffff");
        assertEquals(Verdict.AGREE, ranges.verdict(), ranges.engine());
        assertEquals("EMSGSIZE {ranges: [[0x0, 0xfedfffff]], alignment: 0x1000, num: 2}", ranges.kernel());
    }

    @Test
    void aDisagreementWhoseBothOutcomesAreListedIsAKnownDifference() throws Exception {
        KnownDifferences k = KnownDifferences.parse("""
                - {scenario: seed-thread.yaml, step: 9, kernel: EINVAL, engine: "ok {pt_id: 5}", why: w, evidence: "the kernel source says so"}
                """, "t");
        StepComparison c = compare(seed(), 9, "9 err EINVAL");
        assertTrue(k.explain("scenarios/seed-thread.yaml", c).isPresent());
        assertEquals(List.of(), k.of("scenarios/other.yaml"));
    }
}
