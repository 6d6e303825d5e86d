package org.iommuscope.engine.scenario;

import static org.iommuscope.engine.scenario.ScenarioLoaderTest.at;
import static org.iommuscope.engine.scenario.ScenarioLoaderTest.load;
import static org.iommuscope.engine.scenario.ScenarioLoaderTest.onlyError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
import org.junit.jupiter.api.Test;

/**
 * The format's vIOMMU extensions (docs/format-extensions.md): what the loader makes of them, the positioned message for
 * each kind of mistake in them, and the words of a failed vdevices / tombstoned / vevents check.
 */
class ViommuFormatTest {

    /** Lines 1-18; tests append steps from line 19 on. */
    static final String BASE = String.join("\n",
            "scenario: \"a vIOMMU\"",
            "kernel: v6.18",
            "topology:",
            "  iommus:",
            "    - name: smmu0",
            "      caps: [nesting, viommu]",
            "  groups:",
            "    - id: 1",
            "      devices:",
            "        - name: \"0000:01:00.0\"",
            "steps:",
            "  - bind: {device: \"0000:01:00.0\", as: dev}",
            "  - ioas_alloc: {as: ioas}",
            "  - ioas_map: {ioas: ioas, iova: 0x40000000, length: 2M}",
            "  - hwpt_alloc: {dev: dev, pt: ioas, flags: [nest_parent], as: s2}",
            "  - viommu_alloc: {dev: dev, hwpt: s2, as: viommu}",
            "  - vdevice_alloc: {viommu: viommu, dev: dev, virt_id: 0x8, as: vdev}",
            "  - veventq_alloc: {viommu: viommu, depth: 2, as: q}",
            "");

    @Test
    void theNewOpsBecomeTheirOps() throws ScenarioException, Unresolvable {
        String text = BASE
                + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {map: [[0x1000, 0x40000000, 4K, r]]}, as: s1}\n"
                + "  - hw_queue_alloc: {viommu: viommu, index: 0, base_addr: 0x40000000, length: 4K}\n"
                + "  - hwpt_invalidate: {hwpt: viommu, entries: [{virt_id: 0x8}, {cache_id: 3, flags: 1}]}\n";
        Scenario s = load(text);
        HandleTable h = new HandleTable();
        h.bind("dev", 1);
        h.bind("ioas", 2);
        h.bind("s2", 3);
        h.bind("viommu", 4);
        OpResolver r = new OpResolver(h);
        List<ScenarioStep> steps = s.steps();
        assertEquals(new Op.ViommuAlloc(1, 3, null), r.resolve(steps.get(4).op()));
        assertEquals(new Op.VdeviceAlloc(4, 1, 8), r.resolve(steps.get(5).op()));
        assertEquals(new Op.VeventqAlloc(4, 2, null), r.resolve(steps.get(6).op()));
        assertEquals(new Op.HwptAlloc(1, 4, java.util.Set.of(), null,
                Stage1.of(Stage1.Mode.TRANSLATE, List.of(new Stage1.Range(0x1000, 0x40000000, 0x1000, Prot.R)))), r.resolve(steps.get(7).op()),
                "a map without a mode translates");
        assertEquals(new Op.HwQueueAlloc(4, null, 0, 0x40000000, 0x1000), r.resolve(steps.get(8).op()));
        assertEquals(new Op.HwptInvalidate(4, List.of(new Op.InvalidationEntry(0, 8, 0), new Op.InvalidationEntry(1, 0, 3))),
                r.resolve(steps.get(9).op()), "each key of an entry is 0 when left out");
    }

    @Test
    void overlappingStage1RangesAreAMistakeAtTheSecond() {
        String text = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {mode: translate, map: [[0x1000, 0x0, 8K, rw],\n"
                + "      [0x2000, 0x9000, 4K, rw]]}}\n";
        assertEquals(at(text, 20, "[0x2000", "stage1's map: guest IOVA [0x2000, 0x2fff] overlaps [0x1000, 0x2fff]"), onlyError(text));
    }

    @Test
    void aMapNeedsModeTranslate() {
        String text = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {mode: bypass, map: [[0x1000, 0x0, 4K, rw]]}}\n";
        assertEquals(at(text, 19, "map:", "stage1's map needs mode translate, not bypass"), onlyError(text));
    }

    @Test
    void aStage1EntryIsFourValuesWithALengthAndAPerm() {
        String text = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {map: [[0x1000, 0x0, 4K]]}}\n";
        assertEquals(at(text, 19, "[0x1000", "an entry of stage1's map is [giova, gpa, length, perm], not a list of 3"), onlyError(text));
        String zero = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {map: [[0x1000, 0x0, 0, rw]]}}\n";
        assertEquals(at(zero, 19, "0, rw", "a stage-1 length must not be 0"), onlyError(zero));
        String perm = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {map: [[0x1000, 0x0, 4K, rx]]}}\n";
        assertTrue(onlyError(perm).startsWith(at(perm, 19, "rx", "a stage-1 perm: unknown value 'rx'")), onlyError(perm));
        String mode = BASE + "  - hwpt_alloc: {dev: dev, pt: viommu, stage1: {mode: tranlsate}}\n";
        assertEquals(at(mode, 19, "tranlsate", "stage1's mode: unknown value 'tranlsate' (did you mean 'translate'?)"), onlyError(mode));
    }

    @Test
    void aU32FieldTooLargeAndAnUnknownEntryKeyArePositioned() {
        String depth = BASE + "  - veventq_alloc: {viommu: viommu, depth: 0x100000000}\n";
        assertEquals(at(depth, 19, "0x100000000", "depth 0x100000000 does not fit the uAPI's __u32 depth"), onlyError(depth));
        String entry = BASE + "  - hwpt_invalidate: {hwpt: viommu, entries: [{virt_idd: 8}]}\n";
        assertEquals(at(entry, 19, "virt_idd", "unknown key 'virt_idd' in an invalidation entry (did you mean 'virt_id'?)"), onlyError(entry));
    }

    @Test
    void failedVirtualChecksSayWhatTheStateHolds() throws ScenarioException {
        String text = BASE + "  - check:\n"
                + "      vdevices: {viommu: {0x9: dev}}\n"
                + "      tombstoned: [vdev]\n"
                + "      vevents: {q: 1}\n";
        ScenarioRun run = ScenarioRunner.run(load(text));
        StepOutcome check = run.outcomes().get(run.outcomes().size() - 1);
        assertEquals(List.of("vdevices of viommu are {8: idev dev (1)}, expected {9: idev dev (1)}", "tombstoned is [], expected [5]",
                "events waiting on q are 0, expected 1"), check.problems());
    }
}
