package org.iommuscope.engine.hw;

import java.util.List;
import java.util.Map;
import org.pcollections.TreePMap;

/**
 * What a nested domain's stage 1 does with an input address: the guest's own translation, which the kernel never
 * walks (the IOMMU does) and never sees (it lives in guest memory). The emulator cannot read a guest, so a scenario
 * describes it: {@code translate} through the guest IOVA → guest PA ranges of {@link #map}, {@code bypass} (guest IOVA
 * = guest PA), or {@code abort} (every DMA faults at stage 1). These are the three configurations of an arm-smmu-v3
 * vSTE (STRTAB_STE_0_CFG S1_TRANS, BYPASS, ABORT; V=0 is stored as an all-zero STE and reads as abort); the guest PA
 * is then translated by the nesting parent's stage 2, the IOAS's mappings.
 *
 * @param map guest IOVA → range, non-overlapping (a guest page table maps an address once)
 */
public record Stage1(Mode mode, TreePMap<Long, Range> map) {

    /** The stage-1 configuration (arm_smmu_validate_vste(): Cfg ABORT, BYPASS or S1_TRANS). */
    public enum Mode {
        TRANSLATE("translate"), BYPASS("bypass"), ABORT("abort");

        private final String yamlName;

        Mode(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Mode fromYaml(String name) {
            for (Mode m : values()) {
                if (m.yamlName.equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** One guest mapping: {@code length} bytes from guest IOVA {@code giova} to guest PA {@code gpa}. */
    public record Range(long giova, long gpa, long length, Prot prot) {
        public long last() {
            return giova + length - 1;
        }
    }

    /** What stage 1 made of an input address: the guest PA, or the reason it refused. */
    public record Walk(long gpa, String fault) {
        public boolean faulted() {
            return fault != null;
        }
    }

    /** The emulated driver's default stage-1 data (no description given): a bypass. */
    public static final Stage1 BYPASS = new Stage1(Mode.BYPASS, TreePMap.empty(Unsigned.ORDER));

    public static final Stage1 ABORT = new Stage1(Mode.ABORT, TreePMap.empty(Unsigned.ORDER));

    public Stage1 {
        map = map == null ? TreePMap.empty(Unsigned.ORDER) : map;
    }

    public static Stage1 of(Mode mode, List<Range> ranges) {
        TreePMap<Long, Range> m = TreePMap.empty(Unsigned.ORDER);
        for (Range r : ranges) {
            m = m.plus(r.giova(), r);
        }
        return new Stage1(mode, m);
    }

    /** The guest's translation of one access: through the map, straight through, or refused. */
    public Walk walk(long giova, boolean write) {
        switch (mode) {
            case BYPASS:
                return new Walk(giova, null);
            case ABORT:
                return new Walk(0, "stage 1 is configured to abort (the guest's STE says Cfg=abort)");
            default:
                break;
        }
        Map.Entry<Long, Range> e = map.floorEntry(giova);
        if (e == null || Unsigned.gt(giova, e.getValue().last())) {
            return new Walk(0, "guest IOVA " + Unsigned.hex(giova) + " is not mapped in stage 1");
        }
        Range r = e.getValue();
        if (write ? !r.prot().write() : !r.prot().read()) {
            return new Walk(0, "guest IOVA " + Unsigned.hex(giova) + " is mapped " + r.prot() + " in stage 1, a "
                    + (write ? "write" : "read") + " is refused");
        }
        return new Walk(r.gpa() + (giova - r.giova()), null);
    }
}
