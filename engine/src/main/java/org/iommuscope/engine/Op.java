package org.iommuscope.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
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

    /**
     * IOMMU_HWPT_ALLOC flags. FAULT_ID_VALID is not written in a file: {@code hwpt_alloc}'s {@code fault}
     * argument sets it.
     */
    enum HwptFlag {
        NEST_PARENT("nest_parent"), DIRTY_TRACKING("dirty_tracking"), FAULT_ID_VALID("fault_id_valid"), PASID("pasid");

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

    /**
     * IOMMU_HWPT_ALLOC; {@code fault} (a FAULT object) null: no IOMMU_HWPT_FAULT_ID_VALID. {@code stage1} is the user data
     * of a nested allocation (the guest's stage 1); null: the emulated driver's default data (a bypass), or none for a
     * paging allocation.
     */
    record HwptAlloc(long dev, long pt, Set<HwptFlag> flags, Long fault, Stage1 stage1) implements Op {
        public HwptAlloc {
            flags = Set.copyOf(flags);
        }

        public HwptAlloc(long dev, long pt, Set<HwptFlag> flags) {
            this(dev, pt, flags, null, null);
        }

        public HwptAlloc(long dev, long pt, Set<HwptFlag> flags, Long fault) {
            this(dev, pt, flags, fault, null);
        }

        /** The flags the ioctl carries: the written ones, plus FAULT_ID_VALID when a fault object is given. */
        public Set<HwptFlag> uapiFlags() {
            if (fault == null) {
                return flags;
            }
            EnumSet<HwptFlag> all = EnumSet.of(HwptFlag.FAULT_ID_VALID);
            all.addAll(flags);
            return all;
        }

        public String name() {
            return "hwpt_alloc";
        }
    }

    /**
     * VFIO_DEVICE_ATTACH_IOMMUFD_PT: attach, or replace when VFIO already attached the device. {@code pasid} null:
     * the RID; else VFIO_DEVICE_ATTACH_PASID with that PASID.
     */
    record Attach(long dev, long pt, Long pasid) implements Op {
        public Attach(long dev, long pt) {
            this(dev, pt, null);
        }

        public String name() {
            return "attach";
        }
    }

    /** iommufd_device_replace(idev, pasid) (selftest IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE / PASID_REPLACE). */
    record Replace(long dev, long pt, Long pasid) implements Op {
        public Replace(long dev, long pt) {
            this(dev, pt, null);
        }

        public String name() {
            return "replace";
        }
    }

    /** VFIO_DEVICE_DETACH_IOMMUFD_PT; {@code pasid} non-null: with VFIO_DEVICE_DETACH_PASID. */
    record Detach(long dev, Long pasid) implements Op {
        public Detach(long dev) {
            this(dev, null);
        }

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

    /**
     * The device issues a DMA; either {@code device} (topology name) or {@code dev} (idev ID) is set. {@code pasid}
     * non-null: the request carries that PASID (0 is the RID).
     */
    record Dma(String device, Long dev, long iova, Access access, Long pasid) implements Op {
        public Dma(String device, Long dev, long iova, Access access) {
            this(device, dev, iova, access, null);
        }

        public String name() {
            return "dma";
        }
    }

    /** IOMMU_GET_HW_INFO. */
    record HwInfo(long dev) implements Op {
        public String name() {
            return "hw_info";
        }
    }

    /** IOMMU_HWPT_SET_DIRTY_TRACKING. */
    record SetDirtyTracking(long hwpt, boolean enable) implements Op {
        public String name() {
            return "set_dirty_tracking";
        }
    }

    /** IOMMU_HWPT_GET_DIRTY_BITMAP; {@code pageSize} null: the CPU page size. */
    record GetDirtyBitmap(long hwpt, long iova, long length, Long pageSize, boolean noClear) implements Op {
        public String name() {
            return "get_dirty_bitmap";
        }
    }

    /** IOMMU_FAULT_QUEUE_ALLOC: a FAULT object and the file descriptor that holds it. */
    record FaultAlloc() implements Op {
        public String name() {
            return "fault_alloc";
        }
    }

    /** close() of the file descriptor a FAULT or vEVENTQ object was returned with. */
    record Close(long id) implements Op {
        public String name() {
            return "close";
        }
    }

    /** IOMMU_VIOMMU_ALLOC on nesting parent {@code hwpt}; {@code type} null: the driver's own vIOMMU type. */
    record ViommuAlloc(long dev, long hwpt, Long type) implements Op {
        public ViommuAlloc(long dev, long hwpt) {
            this(dev, hwpt, null);
        }

        public String name() {
            return "viommu_alloc";
        }
    }

    /** IOMMU_VDEVICE_ALLOC: the device {@code dev} is {@code virtId} to the vIOMMU's guest. */
    record VdeviceAlloc(long viommu, long dev, long virtId) implements Op {
        public String name() {
            return "vdevice_alloc";
        }
    }

    /** IOMMU_VEVENTQ_ALLOC; {@code type} null: the type the vIOMMU's driver reports its events with. */
    record VeventqAlloc(long viommu, long depth, Long type) implements Op {
        public VeventqAlloc(long viommu, long depth) {
            this(viommu, depth, null);
        }

        public String name() {
            return "veventq_alloc";
        }
    }

    /**
     * IOMMU_HW_QUEUE_ALLOC: queue {@code index} of the vIOMMU, in guest memory at {@code baseAddr} (an IOVA of the nesting
     * parent's IOAS, nesting_parent_iova) for {@code length} bytes; {@code type} null: the driver's HW queue type.
     */
    record HwQueueAlloc(long viommu, Long type, long index, long baseAddr, long length) implements Op {
        public String name() {
            return "hw_queue_alloc";
        }
    }

    /**
     * One entry of an invalidation array, in the emulated driver's format (the selftest mock's: struct
     * iommu_viommu_invalidate_selftest for a vIOMMU, struct iommu_hwpt_invalidate_selftest for a nested hwpt, where
     * {@code cacheId} is the iotlb_id and {@code virtId} is not used).
     */
    record InvalidationEntry(long flags, long virtId, long cacheId) {
    }

    /** IOMMU_HWPT_INVALIDATE of a nested hwpt or a vIOMMU; entry_num is the number of entries. */
    record HwptInvalidate(long hwpt, List<InvalidationEntry> entries) implements Op {
        public HwptInvalidate {
            entries = List.copyOf(entries);
        }

        public String name() {
            return "hwpt_invalidate";
        }
    }
}
