package org.iommuscope.engine;

import java.util.List;
import java.util.Set;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.iopt.IovaRange;

/**
 * The uAPI operations of SCENARIO-FORMAT.md. Object arguments are raw IDs (a scenario's handles are
 * resolved before the op reaches the engine), so a stale or zero ID gets the kernel's errno.
 */
public sealed interface Op {

    /** The format's op name. */
    String name();

    /** VFIO_DEVICE_BIND_IOMMUFD. */
    record Bind(String device) implements Op {
        public String name() {
            return "bind";
        }
    }

    /** Close of the VFIO device fd: detach if attached, unbind, release DMA ownership. */
    record Unbind(long dev) implements Op {
        public String name() {
            return "unbind";
        }
    }

    record IoasAlloc() implements Op {
        public String name() {
            return "ioas_alloc";
        }
    }

    /** IOMMU_IOAS_MAP. {@code iova} null: automatic IOVA; {@code userVa} null: a fresh buffer. */
    record IoasMap(long ioas, long length, Long iova, Prot perm, Long userVa) implements Op {
        public String name() {
            return "ioas_map";
        }
    }

    /** IOMMU_IOAS_UNMAP; unmap-all is iova 0, length U64_MAX. */
    record IoasUnmap(long ioas, long iova, long length) implements Op {
        public static IoasUnmap all(long ioas) {
            return new IoasUnmap(ioas, 0, -1L);
        }

        public String name() {
            return "ioas_unmap";
        }
    }

    /** IOMMU_IOAS_COPY. {@code dstIova} null: automatic IOVA. */
    record IoasCopy(long src, long srcIova, long length, long dst, Long dstIova, Prot perm) implements Op {
        public String name() {
            return "ioas_copy";
        }
    }

    record IoasAllowIovas(long ioas, List<IovaRange> ranges) implements Op {
        public IoasAllowIovas {
            ranges = List.copyOf(ranges);
        }

        public String name() {
            return "ioas_allow_iovas";
        }
    }

    /** IOMMU_IOAS_IOVA_RANGES; {@code max} null: an array as large as needed. */
    record IoasIovaRanges(long ioas, Long max) implements Op {
        public String name() {
            return "ioas_iova_ranges";
        }
    }

    enum HwptFlag {
        NEST_PARENT("nest_parent"), DIRTY_TRACKING("dirty_tracking");

        private final String yamlName;

        HwptFlag(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static HwptFlag fromYaml(String n) {
            for (HwptFlag f : values()) {
                if (f.yamlName.equals(n)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** IOMMU_HWPT_ALLOC. */
    record HwptAlloc(long dev, long pt, Set<HwptFlag> flags) implements Op {
        public HwptAlloc {
            flags = Set.copyOf(flags);
        }

        public String name() {
            return "hwpt_alloc";
        }
    }

    /** VFIO_DEVICE_ATTACH_IOMMUFD_PT: attach, or replace when VFIO already attached the device. */
    record Attach(long dev, long pt) implements Op {
        public String name() {
            return "attach";
        }
    }

    /** iommufd_device_replace (selftest IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE). */
    record Replace(long dev, long pt) implements Op {
        public String name() {
            return "replace";
        }
    }

    /** VFIO_DEVICE_DETACH_IOMMUFD_PT. */
    record Detach(long dev) implements Op {
        public String name() {
            return "detach";
        }
    }

    /** IOMMU_DESTROY. */
    record Destroy(long id) implements Op {
        public String name() {
            return "destroy";
        }
    }

    /** Selftest IOMMU_TEST_OP_ADD_RESERVED. */
    record AddReserved(long ioas, long start, long length) implements Op {
        public String name() {
            return "add_reserved";
        }
    }

    enum Access { READ, WRITE }

    /** The device issues a DMA; either {@code device} (topology name) or {@code dev} (idev ID) is set. */
    record Dma(String device, Long dev, long iova, Access access) implements Op {
        public String name() {
            return "dma";
        }
    }
}
