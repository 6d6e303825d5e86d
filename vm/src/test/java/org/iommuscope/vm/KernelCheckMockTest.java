package org.iommuscope.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.vm.boot.VmOutput;
import org.iommuscope.vm.compare.KnownDifferences;
import org.iommuscope.vm.compare.ScenarioComparison;
import org.iommuscope.vm.compare.StepComparison;
import org.iommuscope.vm.compare.Verdict;
import org.iommuscope.vm.layout.Hosting;
import org.iommuscope.vm.layout.HostingCheck;
import org.iommuscope.vm.runner.RunnerLine;
import org.junit.jupiter.api.Test;

/** The selftest mock's comparison, with the runner's lines as 6.12.118 printed them for replace.two_domains.yaml. */
class KernelCheckMockTest {
    private static final String FILE = "engine/src/test/resources/selftest/replace.two_domains.yaml";
    /**
     * The runner's lines from the real run on the shared 6.12.118 image: each MOCK_DOMAIN's selftest object takes
     * the ID before its idev (iommufd_test_mock_domain() allocates it first), so from step 3 on the kernel's IDs are
     * the engine's plus the selftest objects before them.
     */
    private static final List<String> KERNEL = List.of("0 ok", "2 ok id=1", "3 ok id=3 stdev_id=2", "4 ok pt_id=4",
            "5 ok id=6 stdev_id=5", "6 ok pt_id=4", "9 ok id=7", "10 ok pt_id=8", "12 ok pt_id=8", "13 ok pt_id=4",
            "15 ok pt_id=4", "16 ok pt_id=4", "17 ok pt_id=4", "18 ok");

    private static KernelCheck.FileResult run(List<String> lines) throws Exception {
        return run(FILE, lines);
    }

    private static KernelCheck.FileResult run(String file, List<String> lines) throws Exception {
        Scenario s = ScenarioLoader.load(Path.of(file));
        Hosting.Hosted h = assertInstanceOf(Hosting.Hosted.class, HostingCheck.check(s));
        VmOutput.Scenario kernel = new VmOutput.Scenario(List.of(), lines.stream().map(l -> RunnerLine.parse(l).orElseThrow()).toList(),
                List.of(), 0.05, 0);
        return KernelCheck.compareOnMock(s, h, kernel, ProfileChoice.forRelease("6.12.118"), "6.12.118", KnownDifferences.none());
    }

    private static ScenarioComparison compared(List<String> lines) throws Exception {
        return assertInstanceOf(KernelCheck.Compared.class, run(lines)).comparison();
    }

    private static StepComparison step(ScenarioComparison c, int n) {
        return c.steps().stream().filter(x -> x.step() == n).findFirst().orElseThrow();
    }

    @Test
    void idsThatDifferOnlyByTheSelftestObjectsAgreeThroughTheMap() throws Exception {
        ScenarioComparison c = compared(KERNEL);
        assertTrue(c.agrees(), c.steps().toString());
        assertEquals(13, c.count(Verdict.AGREE));
        assertEquals("IDs through the map: id 2 = kernel 3", step(c, 3).note());
        assertEquals("IDs through the map: pt_id 3 = kernel 4", step(c, 13).note(), "replace back to hwpt1 is kernel 4");
    }

    @Test
    void anIdTheMapDoesNotGiveStillDisagrees() throws Exception {
        List<String> lines = KERNEL.stream().map(l -> l.equals("13 ok pt_id=4") ? "13 ok pt_id=8" : l).toList();
        StepComparison s = step(compared(lines), 13);
        assertEquals(Verdict.DISAGREE, s.verdict());
        assertTrue(s.note().contains("the engine's 3 is kernel ID 4 in the map, but the kernel answered 8"), s.note());
    }

    @Test
    void aNewObjectOnAKernelIdTheMapAlreadyGivesDisagrees() throws Exception {
        List<String> lines = KERNEL.stream().map(l -> l.equals("9 ok id=7") ? "9 ok id=5" : l).toList();
        StepComparison s = step(compared(lines), 9);
        assertEquals(Verdict.DISAGREE, s.verdict());
        assertTrue(s.note().contains("got kernel ID 5, which the map gives to a selftest object"), s.note());
    }

    @Test
    void aKernelWithoutIommufdTestIsNotHostable() throws Exception {
        List<String> lines = KERNEL.stream().map(l -> l.equals("0 ok") ? "0 err ENOTTY" : l).toList();
        KernelCheck.NotHostable n = assertInstanceOf(KernelCheck.NotHostable.class, run(lines));
        assertTrue(n.reasons().get(0).contains("ENOTTY to IOMMU_TEST_CMD") && n.reasons().get(0).contains("CONFIG_IOMMUFD_TEST"),
                n.reasons().toString());
    }

    @Test
    void theUnbindThatTranscribesAFailedMockDomainsOwnUnwindIsNotObservableNotAgreed() throws Exception {
        // hwpt_attach.no_domain.yaml on 6.12.118: MOCK_DOMAIN(pt 0) is ENOENT and removes its device itself
        ScenarioComparison c = assertInstanceOf(KernelCheck.Compared.class, run("engine/src/test/resources/selftest/hwpt_attach.no_domain.yaml",
                List.of("0 ok", "2 ok id=1", "4 skip mock-domain-failed ENOENT", "5 err ENOENT", "6 skip mock-domain-unwound idev1"))).comparison();
        assertEquals(Verdict.NOT_OBSERVABLE, step(c, 4).verdict(), "which half of the ioctl refused is not observable");
        assertEquals(Verdict.AGREE, step(c, 5).verdict(), "the attach compares the errno");
        assertEquals(Verdict.NOT_OBSERVABLE, step(c, 6).verdict());
        assertTrue(step(c, 6).note().contains("out_unbind"), step(c, 6).note());
        assertTrue(c.agrees());
    }
}
