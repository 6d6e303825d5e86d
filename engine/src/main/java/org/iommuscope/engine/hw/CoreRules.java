package org.iommuscope.engine.hw;

/**
 * The iommu core's rules that differ between the modelled kernels (drivers/iommu/iommu.c), as the kernel release
 * of a state decides them: the core itself knows no iommufd and no profile.
 *
 * @param requireDirectRefusesBlocking __iommu_device_set_domain() refuses the blocking domain for a device with a
 *                                     RESV_DIRECT region (a48ce36e2786, v6.5)
 * @param pasidSkipsNoPasidDevices     iommu_attach_device_pasid() checks the PASID only against group devices that
 *                                     have PASID support (b3f6fcd8404f, v6.15)
 */
public record CoreRules(boolean requireDirectRefusesBlocking, boolean pasidSkipsNoPasidDevices) {
}
