package org.iommuscope.vm.layout;

/**
 * One emulated PCI function of the VM and the scenario device it stands for.
 *
 * @param scenarioName the device's name in the scenario (usually a BDF of another machine)
 * @param bdf          where the VM's kernel will find it ("0000:00:03.1")
 * @param driver       what it is bound to before step 1: {@code vfio-pci}, {@code e1000} (a kernel driver
 *                     holding DMA, standing for any non-VFIO driver of the scenario) or {@code none}
 * @param qemuDevice   its {@code -device} argument
 */
public record VmDevice(String scenarioName, int scenarioGroup, String bdf, String driver, String qemuDevice) {
    public static final String VFIO_PCI = "vfio-pci";
    public static final String E1000 = "e1000";
    public static final String NONE = "none";
}
