package org.iommuscope.engine.iommufd;

import java.util.SortedMap;
import java.util.TreeMap;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Tx;

/**
 * The one seam between kernel models: how an idev attaches, replaces and detaches (at the RID or at a PASID),
 * and where the kernel keeps what it is attached to. Everything else (objects, IOAS, iommu core) is shared by
 * every profile, and asks the model's {@link KernelRelease} for whatever differs between releases.
 */
public interface AttachModel {

    /** iommufd_device_attach(idev, pasid, &pt_id): returns the pt_id written back. */
    int attach(Tx tx, Idev idev, int pasid, long ptId);

    /** iommufd_device_replace(idev, pasid, &pt_id): returns the pt_id written back. */
    int replace(Tx tx, Idev idev, int pasid, long ptId);

    /** iommufd_device_detach(idev, pasid). */
    void detach(Tx tx, Idev idev, int pasid);

    /** The hwpt the kernel itself considers this idev's RID attached to, or -1. */
    int kernelHwpt(State s, Idev idev);

    /** Each PASID this idev is attached at in the kernel's view (0: the RID), with its hwpt. */
    default SortedMap<Integer, Integer> kernelPasids(State s, Idev idev) {
        SortedMap<Integer, Integer> out = new TreeMap<>();
        int rid = kernelHwpt(s, idev);
        if (rid >= 0) {
            out.put(IGroup.NO_PASID, rid);
        }
        return out;
    }

    /** The release whose rules this model follows. */
    KernelRelease release();

    /**
     * Whether user space's record is the pt_id the ioctl returned (v6.6+, where the kernel keeps no
     * per-device hwpt); false when the model keeps its own per-device record (v2-patch's idev->hwpt).
     */
    default boolean recordsReturnedPtId() {
        return true;
    }

    /** Anything the model must release at unbind after the VFIO detach (v2: a stale idev->hwpt). */
    default void beforeUnbind(Tx tx, Idev idev) {
    }

    static AttachModel of(Profile p) {
        KernelRelease r = KernelRelease.of(p);
        return r.has(KernelRelease.Rule.IGROUP_ATTACH) ? new GroupAttachModel(r) : new V2PatchAttachModel(r);
    }

}
