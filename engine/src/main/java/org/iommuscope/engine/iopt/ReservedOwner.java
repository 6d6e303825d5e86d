package org.iommuscope.engine.iopt;

/** The owner of a reserved IOVA range (iopt_reserved->owner). */
public sealed interface ReservedOwner extends Comparable<ReservedOwner> {
    /** A device's reserved region, added at attach by iopt_table_enforce_dev_resv_regions. */
    record Device(String name) implements ReservedOwner {
        @Override
        public String label() {
            return "device " + name;
        }
    }

    /** A domain's aperture complement, added by iopt_table_add_domain. */
    record Domain(int id) implements ReservedOwner {
        @Override
        public String label() {
            return "domain " + id;
        }
    }

    /** owner == NULL: the selftest's IOMMU_TEST_OP_ADD_RESERVED. */
    record None() implements ReservedOwner {
        @Override
        public String label() {
            return "none";
        }
    }

    String label();

    @Override
    default int compareTo(ReservedOwner o) {
        return label().compareTo(o.label());
    }
}
