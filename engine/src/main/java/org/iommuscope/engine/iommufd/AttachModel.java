package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.Tx;

/**
 * The one seam between kernel models: how an idev attaches, replaces and detaches, and where the kernel
 * keeps what it is attached to. Everything else (objects, IOAS, iommu core) is shared by every profile.
 */
public interface AttachModel {

    /** iommufd_device_attach(idev, &pt_id): returns the pt_id written back. */
    int attach(Tx tx, Idev idev, long ptId);

    /** iommufd_device_replace(idev, &pt_id): returns the pt_id written back. */
    int replace(Tx tx, Idev idev, long ptId);

    /** iommufd_device_detach(idev). */
    void detach(Tx tx, Idev idev);

    /** The hwpt the kernel itself considers this idev attached to, or -1. */
    int kernelHwpt(org.iommuscope.engine.State s, Idev idev);

    /** MSI isolation is checked at bind (v6.6+); the v6.2-era v2 patch checked it at attach. */
    default boolean checksMsiAtBind() {
        return true;
    }

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
        return switch (p) {
            case V6_6, V6_15 -> new GroupAttachModel(p);
            case V2_PATCH -> new V2PatchAttachModel();
        };
    }
}
