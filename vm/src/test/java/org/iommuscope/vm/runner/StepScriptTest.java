package org.iommuscope.vm.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.vm.Topologies;
import org.junit.jupiter.api.Test;

class StepScriptTest {

    @Test
    void theSeedThreadBecomesOneRunnerLinePerOpWithHandlesAsVariablesAndTheVmsBdfs() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/seed-thread.yaml"));
        String script = StepScript.of(s.steps(), Map.of("0000:06:0d.0", "0000:00:03.0", "0000:06:0d.1", "0000:00:03.1"));
        assertEquals("""
                2 idev1= bind 0000:00:03.0
                3 idev2= bind 0000:00:03.1
                5 ioas1= ioas_alloc
                6 ioas2= ioas_alloc
                7 hwpt1= hwpt_alloc $idev1 $ioas1
                8 hwpt2= hwpt_alloc $idev1 $ioas2
                9 attach $idev1 $hwpt1
                10 attach $idev2 $hwpt1
                12 attach $idev1 $hwpt2
                15 map $ioas1 0x100000000 0x200000 rw
                16 dma dev=$idev2 0x100000000 read
                17 attach $idev2 $hwpt2
                19 map $ioas2 0x100000000 0x200000 rw
                20 dma dev=$idev2 0x100000000 write
                21 detach $idev1
                23 detach $idev2
                25 dma dev=$idev2 0x100000000 read
                """, script);
    }

    @Test
    void everyArgumentFormTranslates() {
        Scenario s = Topologies.load("""
                scenario: t
                topology:
                  groups: [{id: 1, devices: [{name: a}]}]
                steps:
                  - bind: {device: a, as: d}
                  - ioas_alloc: {as: i}
                  - ioas_map: {ioas: i, length: 8K, perm: r, user_va: 0x80000000}
                  - ioas_unmap: {ioas: i, all: true}
                  - ioas_unmap: {ioas: 7, iova: 0x1000, length: 4K}
                  - ioas_copy: {src: i, src_iova: 0x1000, length: 4K, dst: i}
                  - ioas_allow_iovas: {ioas: i, ranges: [[0x1000, 0x1fff], [0x4000, 0x4fff]]}
                  - ioas_iova_ranges: {ioas: i, max: 1}
                  - hwpt_alloc: {dev: d, pt: i, flags: [nest_parent, dirty_tracking], as: h}
                  - replace: {dev: d, pt: 0, as: p}
                  - add_reserved: {ioas: i, start: 0x10000000, length: 1M}
                  - dma: {device: a, iova: 0x1000, access: write}
                  - unbind: {dev: d}
                  - destroy: {id: h}
                """);
        assertEquals("""
                1 d= bind 0000:00:02.0
                2 i= ioas_alloc
                3 map $i auto 0x2000 r va=0x80000000
                4 unmap $i all
                5 unmap 7 0x1000 0x1000
                6 copy $i $i 0x1000 0x1000 auto rw
                7 allow_iovas $i 0x1000-0x1fff 0x4000-0x4fff
                8 iova_ranges $i 0x1
                9 h= hwpt_alloc $d $i nest_parent dirty_tracking
                10 p= replace $d 0
                11 add_reserved $i 0x10000000 0x100000
                12 dma bdf=0000:00:02.0 0x1000 write
                13 unbind $d
                14 destroy $h
                """, StepScript.of(s.steps(), Map.of("a", "0000:00:02.0")));
    }

    @Test
    void onTheMockEachBindAndTheAttachAfterItAreOneMockDomainAndReplaceAndUnbindTheSelftestOps() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("engine/src/test/resources/selftest/alloc_hwpt.one_domain.yaml"));
        assertEquals("""
                0 probe_test_cmd
                2 ioas1= ioas_alloc
                3 idev1= mock_domain $ioas1 4 hwpt1
                8 hwpt_id0= hwpt_alloc $idev1 $ioas1
                9 hwpt_id1= hwpt_alloc $idev1 $ioas1 nest_parent
                10 mock_replace $idev1 $hwpt_id0
                12 destroy $hwpt_id0
                13 mock_replace $idev1 $hwpt_id1
                15 destroy $hwpt_id1
                16 hwpt_auto= mock_replace $idev1 $ioas1
                18 destroy $hwpt_id1
                20 idev_new= mock_domain $hwpt_id0 21 -
                23 mock_unbind $idev_new
                24 destroy $hwpt_id0
                """, StepScript.ofMock(s.steps(), Set.of()), "step 0 asks for IOMMU_TEST_CMD; each bind carries its attach's step");
    }

    @Test
    void aNoDirtyMockDeviceIsCreatedWithMockDomainFlags() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("engine/src/test/resources/selftest/enforce_dirty.yaml"));
        String script = StepScript.ofMock(s.steps(), Set.of("iommufd_mock2", "iommufd_mock3"));
        assertEquals(List.of(
                "3 idev1= mock_domain $ioas1 4 hwpt1",
                "7 idev_std= mock_domain $hwpt_dirty 8 -",
                "9 idev_nd= mock_domain $hwpt_dirty 10 - no_dirty",
                "18 idev_nd2= mock_domain $ioas2 19 hwpt_nd no_dirty"),
                script.lines().filter(l -> l.contains("mock_domain")).toList());
    }
}
