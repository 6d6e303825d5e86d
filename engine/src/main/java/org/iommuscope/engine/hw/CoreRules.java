package org.iommuscope.engine.hw;

/**
 * The iommu core's and the emulated driver's rules that differ between the modelled kernels (drivers/iommu/iommu.c
 * and the driver), as the kernel release of a state decides them: the core itself knows no iommufd and no profile.
 *
 * @param requireDirectRefusesBlocking  __iommu_device_set_domain() refuses the blocking domain for a device with a
 *                                      RESV_DIRECT region (a48ce36e2786, v6.5)
 * @param pasidSkipsNoPasidDevices      iommu_attach_device_pasid() checks the PASID only against group devices that
 *                                      have PASID support (b3f6fcd8404f, v6.15)
 * @param nestedAttachNeedsVdevice      the driver's attach_dev of a nested domain made on a vIOMMU needs the device's
 *                                      vDEVICE in that vIOMMU (v6.15: arm-smmu-v3's vmaster, the selftest mock)
 * @param abortBypassWithoutVdevice     ... except when the nested domain's stage 1 aborts or bypasses (arm-smmu-v3,
 *                                      v6.19)
 */
public record CoreRules(boolean requireDirectRefusesBlocking, boolean pasidSkipsNoPasidDevices,
                        boolean nestedAttachNeedsVdevice, boolean abortBypassWithoutVdevice) {
}
