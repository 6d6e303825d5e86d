package org.iommuscope.engine;

import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.ObjType;

/** What an op changed. A step's events are the diff the app highlights; state itself is the snapshot. */
public sealed interface Event {

    /** One line for logs, captions and the diff panel. */
    String describe();

    record ObjectCreated(int id, ObjType type, String detail) implements Event {
        public String describe() {
            return type.label() + " " + id + " created" + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    record ObjectDestroyed(int id, ObjType type) implements Event {
        public String describe() {
            return type.label() + " " + id + " destroyed";
        }
    }

    record RefcountChanged(int id, ObjType type, int from, int to) implements Event {
        public String describe() {
            return type.label() + " " + id + " users " + from + " → " + to;
        }
    }

    record GroupDomainChanged(int group, int fromDomain, DomainType fromType, int toDomain, DomainType toType, String cause)
            implements Event {
        public String describe() {
            return "group " + group + " moved from domain " + fromDomain + " (" + fromType.name().toLowerCase() + ") to domain "
                    + toDomain + " (" + toType.name().toLowerCase() + ")" + (cause.isEmpty() ? "" : ": " + cause);
        }
    }

    /** The idev joined the group's attach list on this hwpt at a PASID (0: the RID; v2: hwpt->devices). */
    record DeviceAttached(int idev, int hwpt, int pasid) implements Event {
        public DeviceAttached(int idev, int hwpt) {
            this(idev, hwpt, 0);
        }

        public String describe() {
            return "idev " + idev + (pasid == 0 ? "" : " PASID " + pasid) + " attached to hwpt " + hwpt;
        }
    }

    record DeviceDetached(int idev, int hwpt, int pasid) implements Event {
        public DeviceDetached(int idev, int hwpt) {
            this(idev, hwpt, 0);
        }

        public String describe() {
            return "idev " + idev + (pasid == 0 ? "" : " PASID " + pasid) + " detached from hwpt " + hwpt;
        }
    }

    /** A PASID of the group's devices moved to another domain (-1: none, the PASID is blocked). */
    record PasidDomainChanged(int group, int pasid, int fromDomain, int toDomain) implements Event {
        public String describe() {
            return "group " + group + " PASID " + pasid + (toDomain < 0 ? " detached from domain " + fromDomain
                    : fromDomain < 0 ? " attached to domain " + toDomain : " moved from domain " + fromDomain + " to domain " + toDomain);
        }
    }

    /** dirty_ops->set_dirty_tracking() of a domain. */
    record DirtyTrackingSet(int domain, boolean enabled) implements Event {
        public String describe() {
            return "domain " + domain + " dirty tracking " + (enabled ? "on" : "off");
        }
    }

    /** A write DMA set a leaf PTE's dirty bit. */
    record PageDirtied(int domain, long first, long last) implements Event {
        public String describe() {
            return "domain " + domain + " page [" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "] dirty";
        }
    }

    /** IOMMU_HWPT_GET_DIRTY_BITMAP read dirty leaves, and cleared them unless NO_CLEAR. */
    record DirtyRead(int hwpt, int runs, boolean cleared) implements Event {
        public String describe() {
            return "hwpt " + hwpt + ": " + runs + " dirty run(s) read" + (cleared ? " and cleared" : ", left dirty (NO_CLEAR)");
        }
    }

    /** A faulting DMA became a page request on a FAULT object (iommufd_fault_iopf_handler). */
    record PageRequestQueued(int fault, String device, int pasid, long iova, int pending) implements Event {
        public String describe() {
            return "fault " + fault + " queued a page request from " + device + (pasid == 0 ? "" : " PASID " + pasid) + " at "
                    + Unsigned.hex(iova) + " (" + pending + " pending)";
        }
    }

    /** Page requests answered IOMMU_PAGE_RESP_INVALID because their attach handle went away. */
    record PageRequestsAnswered(int fault, int answered, int pending) implements Event {
        public String describe() {
            return "fault " + fault + ": " + answered + " page request(s) answered INVALID (" + pending + " pending)";
        }
    }

    /** The file descriptor that held an object was closed. */
    record FileClosed(int id, ObjType type) implements Event {
        public String describe() {
            return type.label() + " " + id + "'s file descriptor closed";
        }
    }

    /** A replace that found the group already on the target: nothing touched. */
    record ReplaceNop(int idev, int hwpt) implements Event {
        public String describe() {
            return "replace of idev " + idev + " is a NOP: the group is already on hwpt " + hwpt;
        }
    }

    record DomainAllocated(int domain, DomainType type, String iommu) implements Event {
        public String describe() {
            return "domain " + domain + " (" + type.name().toLowerCase() + ") allocated on " + iommu;
        }
    }

    record DomainFreed(int domain) implements Event {
        public String describe() {
            return "domain " + domain + " freed";
        }
    }

    record DomainAddedToIoas(int ioas, int domain, int areasFilled) implements Event {
        public String describe() {
            return "domain " + domain + " added to ioas " + ioas + ", filled with " + areasFilled + " area(s)";
        }
    }

    record DomainRemovedFromIoas(int ioas, int domain) implements Event {
        public String describe() {
            return "domain " + domain + " removed from ioas " + ioas;
        }
    }

    record AreaMapped(int ioas, long first, long last, Prot prot) implements Event {
        public String describe() {
            return "ioas " + ioas + " mapped [" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "] " + prot;
        }
    }

    record AreaUnmapped(int ioas, long first, long last) implements Event {
        public String describe() {
            return "ioas " + ioas + " unmapped [" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "]";
        }
    }

    record ReservedAdded(int ioas, long first, long last, String owner) implements Event {
        public String describe() {
            return "ioas " + ioas + " reserved [" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "] for " + owner;
        }
    }

    record ReservedRemoved(int ioas, long first, long last, String owner) implements Event {
        public String describe() {
            return "ioas " + ioas + " released reserved [" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "] of " + owner;
        }
    }

    record AllowedSet(int ioas, int ranges) implements Event {
        public String describe() {
            return "ioas " + ioas + " allowed list set to " + ranges + " range(s)";
        }
    }

    record OwnershipChanged(int group, String owner, int ownerCnt) implements Event {
        public String describe() {
            return "group " + group + " DMA owner " + (owner == null ? "none" : owner) + ", owner_cnt " + ownerCnt;
        }
    }

    /** User space's record of the hwpt an idev is on changed (-1: cleared). */
    record RecordChanged(int idev, int hwpt) implements Event {
        public String describe() {
            return hwpt < 0 ? "idev " + idev + " record cleared" : "idev " + idev + " recorded on hwpt " + hwpt;
        }
    }

    /**
     * A DMA translated. Through a nested domain it took two stages: stage 1 gave the guest PA {@code gpa}, the nesting
     * parent's stage 2 the host PA; through any other domain {@code gpa} is null.
     */
    record DmaTranslated(String device, long iova, long pa, int domain, Long gpa) implements Event {
        public DmaTranslated(String device, long iova, long pa, int domain) {
            this(device, iova, pa, domain, null);
        }

        public String describe() {
            return device + " DMA " + Unsigned.hex(iova) + (gpa == null ? "" : " → guest PA " + Unsigned.hex(gpa)) + " → PA "
                    + Unsigned.hex(pa) + " via domain " + domain;
        }
    }

    /**
     * A DMA faulted in {@code domain}. Through a nested domain {@code stage} says which stage refused (1: the guest's, 2:
     * the nesting parent's, after stage 1 gave {@code gpa}); through any other domain it is 0.
     */
    record DmaFaulted(String device, long iova, int domain, String reason, int stage, Long gpa) implements Event {
        public DmaFaulted(String device, long iova, int domain, String reason) {
            this(device, iova, domain, reason, 0, null);
        }

        public String describe() {
            return device + " DMA " + Unsigned.hex(iova) + (gpa == null ? "" : " → guest PA " + Unsigned.hex(gpa))
                    + " faulted " + (stage == 0 ? "" : "at stage " + stage + " ") + "in domain " + domain + ": " + reason;
        }
    }

    /** A DMA fault reported to a vIOMMU's event queue as an event for a vDEVICE (iommufd_viommu_report_event()). */
    record VeventQueued(int veventq, long virtId, int sequence, int pending, boolean lost) implements Event {
        public String describe() {
            return lost ? "veventq " + veventq + " is full (" + pending + " pending): the event for virt_id " + Unsigned.hex(virtId)
                    + " is lost (sequence " + sequence + ")"
                    : "veventq " + veventq + " queued an event for virt_id " + Unsigned.hex(virtId) + " (sequence " + sequence + ", "
                    + pending + " pending)";
        }
    }

    /** IOMMU_HWPT_INVALIDATE: the driver handled {@code entries} entries for a nested hwpt or a vIOMMU. */
    record CachesInvalidated(int target, int entries) implements Event {
        public String describe() {
            return entries + " invalidation entr" + (entries == 1 ? "y" : "ies") + " handled for object " + target;
        }
    }

    /** The object was destroyed and its ID tombstoned: never handed out again while the iommufd is open. */
    record ObjectTombstoned(int id) implements Event {
        public String describe() {
            return "ID " + id + " tombstoned: it stays taken, and DESTROY of it is ENOENT, until the iommufd is closed";
        }
    }
}
