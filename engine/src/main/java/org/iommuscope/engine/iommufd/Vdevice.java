package org.iommuscope.engine.iommufd;

/**
 * struct iommufd_vdevice (IOMMU_VDEVICE_ALLOC, v6.13): a device as a vIOMMU's guest sees it, by its virtual ID (the
 * vSID of an arm-smmu-v3, the vRID of a VT-d). It holds a users reference on its vIOMMU; since v6.17 also on its idev
 * (the idev lookup reference is kept), and it is destroyed, its ID tombstoned, when the idev is unbound.
 *
 * @param idev      the idev it was allocated for (v6.13–v6.16 keep only the struct device: after an unbind this ID may
 *                  name nothing, or later another object)
 * @param device    the physical device (vdev->dev before v6.17, idev->dev after)
 * @param holdsIdev vdev->idev holds a users reference on the idev (v6.17+)
 */
public record Vdevice(int id, int users, int viommu, int idev, String device, long virtId, boolean holdsIdev)
        implements IommufdObject {

    @Override
    public ObjType type() {
        return ObjType.VDEVICE;
    }

    @Override
    public Vdevice withUsers(int u) {
        return new Vdevice(id, u, viommu, idev, device, virtId, holdsIdev);
    }
}
