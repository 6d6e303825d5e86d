package org.iommuscope.vm.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iommuscope.vm.VmException;
import org.junit.jupiter.api.Test;

class KnownDifferencesTest {
    static final String ONE = """
            - scenario: unmap-rules.yaml
              step: 12
              kernel: ENOENT
              engine: "ok {length: 0}"
              why: the engine follows mainline
              evidence: io_pagetable.c in 6.12.118
            """;

    @Test
    void anEntryExplainsOnlyItsOwnOutcomePairOfItsStep() throws Exception {
        KnownDifferences k = KnownDifferences.parse(ONE, "t");
        StepComparison c = new StepComparison(12, 40, "ioas_unmap: {...}", Verdict.DISAGREE, "ENOENT", "ok {length: 0}", "");
        assertTrue(k.explain("scenarios/unmap-rules.yaml", c).isPresent());
        assertTrue(k.explain("scenarios/other.yaml", c).isEmpty());
        assertTrue(k.explain("scenarios/unmap-rules.yaml", new StepComparison(12, 40, "", Verdict.DISAGREE, "EINVAL", "ok {length: 0}", "")).isEmpty(),
                "the kernel answering something else is a new disagreement");
        assertTrue(k.explain("scenarios/unmap-rules.yaml", new StepComparison(13, 40, "", Verdict.DISAGREE, "ENOENT", "ok {length: 0}", "")).isEmpty());
    }

    @Test
    void anEntryNeedsEveryKeyAndNoOther() {
        VmException e = assertThrows(VmException.class, () -> KnownDifferences.parse(ONE.replace("  evidence: io_pagetable.c in 6.12.118\n", ""), "k.yaml"));
        assertEquals("k.yaml: entry 1 has no 'evidence'", e.getMessage());
        e = assertThrows(VmException.class, () -> KnownDifferences.parse(ONE + "  sevrity: high\n", "k.yaml"));
        assertEquals("k.yaml: entry 1 has an unknown key 'sevrity'", e.getMessage());
    }

    @Test
    void theBundledFileLoads() {
        KnownDifferences.bundled().entries().forEach(e -> assertTrue(e.evidence().length() > 20, e.toString()));
    }
}
