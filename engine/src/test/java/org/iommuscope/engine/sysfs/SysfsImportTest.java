package org.iommuscope.engine.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsImportTest {

    private static String warnings(SysfsImport.Result r) {
        return String.join("\n", r.warnings().stream().map(ImportWarning::toString).toList());
    }

    private static GroupSpec group(SysfsImport.Result r, int id) {
        return r.topology().group(id).orElseThrow(() -> new AssertionError("no group " + id));
    }

    @Test
    void aLaptopImportsEveryGroupWithItsDriversUnitsTypesAndReservedRegions(@TempDir Path dir) throws Exception {
        FakeSysfs.laptop(dir.resolve("sys"));
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        assertTrue(r.warnings().isEmpty(), warnings(r));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), r.topology().groups().stream().map(GroupSpec::id).toList());
        assertEquals(12, r.deviceCount());
        assertEquals(List.of("dmar0", "dmar1"), r.topology().iommus().stream().map(i -> i.name()).toList());
        assertEquals("dmar0", group(r, 0).iommu(), "the iGPU has its own VT-d unit");
        assertEquals(DomainType.IDENTITY, group(r, 0).defaultDomainType());
        assertEquals(DomainType.DMA, group(r, 2).defaultDomainType(), "DMA-FQ is a DMA default domain");
        PciDevice gpu = r.topology().device("0000:00:02.0").orElseThrow();
        assertEquals("i915", gpu.driver());
        assertEquals(List.of(new ReservedRegion(0x7b800000L, 0x7f7fffffL, ResvType.DIRECT),
                new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI)), gpu.reserved());
        assertEquals(ResvType.DIRECT_RELAXABLE, r.topology().device("0000:00:14.2").orElseThrow().reserved().get(0).type(),
                "each member gets the group's regions");
        PciDevice unbound = r.topology().device("0000:00:14.2").orElseThrow();
        assertEquals(PciDevice.NO_DRIVER, unbound.driver());
        assertFalse(unbound.usesKernelDma(), "an unbound device claims no DMA");
        assertTrue(group(r, 5).viable(), "pcieport sets driver_managed_dma");
        assertTrue(group(r, 7).viable(), "the one device on vfio-pci");
        assertEquals(List.of(0, 1, 2, 3, 4, 6), r.nonViableGroups().stream().map(GroupSpec::id).toList());
        assertEquals("group 4 (0000:00:1f.3 on snd_hda_intel, 0000:00:1f.4 on i801_smbus, 0000:00:1f.5 on intel-spi)",
                SysfsImport.nonViableText(group(r, 4)));
    }

    @Test
    void theImportedScenarioRoundTripsThroughTheFormatAndTheEmulatorRefusesANonViableGroup(@TempDir Path dir) throws Exception {
        FakeSysfs.server(dir.resolve("sys"));
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        Path file = dir.resolve("topology.yaml");
        ScenarioWriter.write(r.scenario(), file);
        Scenario back = ScenarioLoader.load(file);
        assertEquals(r.topology(), back.topology(), "drivers, driver_managed_dma, regions and units survive the file");
        assertTrue(back.description().contains("group 26 (0000:06:0d.1 on e1000e)"), back.description());
        assertTrue(back.description().contains("group 40 (0000:81:00.0 on igb"), back.description());
        assertTrue(back.steps().isEmpty());
        // What-if on the imported machine: the bridge's group has a kernel driver; the GPU's group is clean.
        String withSteps = Files.readString(file).replace("steps: []", """
                steps:
                  - bind: {device: "0000:06:0d.0"}
                    expect: EPERM
                  - bind: {device: "0000:41:00.0"}
                  - bind: {device: "0000:41:00.1"}
                """);
        ScenarioRun run = ScenarioRunner.run(ScenarioLoader.loadString(withSteps, "whatif.yaml"), null);
        assertTrue(run.passed(), run.outcomes().toString());
    }

    @Test
    void aGroupWithAnRmrrDeviceIsMarkedNotAssignableAndItsBindIsRefused(@TempDir Path dir) throws Exception {
        FakeSysfs f = new FakeSysfs(dir.resolve("sys"));
        // a USB controller whose RMRR the firmware marks non-relaxable: sysfs says "direct"
        f.group(3, "DMA-FQ", "0x000000007c000000 0x000000007c0fffff direct\n" + FakeSysfs.X86_MSI)
                .device(3, "pci0000:00/0000:00:14.0", "vfio-pci", "dmar1");
        f.group(7, "DMA-FQ", FakeSysfs.X86_MSI).device(7, "pci0000:00/0000:00:1c.0/0000:03:00.0", "vfio-pci", "dmar1");
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        assertEquals(List.of(3), r.directMappedGroups().stream().map(GroupSpec::id).toList());
        assertTrue(group(r, 3).viable(), "vfio-pci holds no DMA: viable, and still not assignable");
        assertFalse(group(r, 3).assignable());
        assertTrue(group(r, 7).assignable());
        assertTrue(r.summary().contains("Not assignable (firmware demands a 1:1 mapping, a RESV_DIRECT region"), r.summary());
        assertTrue(r.summary().contains("group 3 (0000:00:14.0: direct [0x7c000000, 0x7c0fffff])"), r.summary());
        // __iommu_device_set_domain() refuses the blocking domain, so iommufd_device_bind()'s claim fails with EINVAL
        String yaml = ScenarioWriter.write(r.scenario()).replace("steps: []", """
                steps:
                  - bind: {device: "0000:00:14.0"}
                    expect: EINVAL
                  - bind: {device: "0000:03:00.0"}
                """);
        ScenarioRun run = ScenarioRunner.run(ScenarioLoader.loadString(yaml, "rmrr.yaml"), null);
        assertTrue(run.passed(), run.outcomes().toString());
    }

    @Test
    void aMultiFunctionDeviceBehindANonAcsBridgeIsOneGroupFlaggedNotViable(@TempDir Path dir) throws Exception {
        FakeSysfs.server(dir.resolve("sys"));
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        GroupSpec g26 = group(r, 26);
        assertEquals(List.of("0000:00:1e.0", "0000:06:0d.0", "0000:06:0d.1"), g26.devices().stream().map(PciDevice::name).toList());
        assertFalse(g26.viable());
        assertEquals(List.of("0000:06:0d.1"), g26.kernelDmaUsers().stream().map(PciDevice::name).toList());
        assertTrue(group(r, 28).viable());
        assertEquals(List.of("ivhd0", "ivhd1", "ivhd2"), r.topology().iommus().stream().map(i -> i.name()).toList());
        assertEquals(List.of(26, 40), r.nonViableGroups().stream().map(GroupSpec::id).toList());
    }

    @Test
    void athousandVfsImportAsSingletonGroupsWithProgressToTheEnd(@TempDir Path dir) throws Exception {
        FakeSysfs.sriov(dir.resolve("sys"), 256);
        List<int[]> progress = new ArrayList<>();
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), (done, total) -> progress.add(new int[] {done, total}));
        assertTrue(r.warnings().isEmpty(), warnings(r));
        assertEquals(1028, r.topology().groups().size());
        assertTrue(r.topology().groups().stream().allMatch(g -> g.devices().size() == 1));
        assertEquals(1028, progress.size());
        assertEquals(1028, progress.get(progress.size() - 1)[0]);
        assertEquals(1028, progress.get(0)[1]);
        assertEquals("iavf", r.topology().device("0000:3c:00.1").orElseThrow().driver());
        assertEquals(4 * 256 / 8, r.topology().groups().stream().filter(GroupSpec::viable).count(), "every eighth VF is on vfio-pci");
    }

    @Test
    void aTarCaptureImportsTheSameMachineAsTheDirectoryGzippedOrNot(@TempDir Path dir) throws Exception {
        FakeSysfs f = FakeSysfs.server(dir.resolve("sys"));
        SysfsImport.Result fromDir = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        Path tar = f.tar(dir.resolve("capture.tar"));
        SysfsImport.Result fromTar = SysfsImport.read(tar, SysfsImport.Progress.NONE);
        assertTrue(fromTar.warnings().isEmpty(), warnings(fromTar));
        assertEquals(fromDir.topology(), fromTar.topology());
        assertEquals("capture.tar", fromTar.source());
        Path gz = dir.resolve("capture.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(tar, out);
        }
        assertEquals(fromDir.topology(), SysfsImport.read(gz, SysfsImport.Progress.NONE).topology());
    }

    @Test
    void tarEntriesAndLinksThatEscapeTheCaptureAreRefusedWithAWarning(@TempDir Path dir) throws Exception {
        FakeSysfs f = FakeSysfs.laptop(dir.resolve("sys"));
        Path tar = dir.resolve("evil.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            f.addAll(out, "sys");
            byte[] evil = "pwned\n".getBytes();
            TarArchiveEntry up = new TarArchiveEntry("placeholder");
            up.setName("sys/../../evil.txt");
            up.setSize(evil.length);
            out.putArchiveEntry(up);
            out.write(evil);
            out.closeArchiveEntry();
            // A group whose only device points at the capturing host's /etc.
            out.putArchiveEntry(new TarArchiveEntry("sys/kernel/iommu_groups/9/"));
            out.closeArchiveEntry();
            TarArchiveEntry outside = new TarArchiveEntry("sys/kernel/iommu_groups/9/devices/0000:09:00.0", TarConstants.LF_SYMLINK);
            outside.setLinkName("/etc");
            out.putArchiveEntry(outside);
            out.closeArchiveEntry();
            TarArchiveEntry climb = new TarArchiveEntry("sys/kernel/iommu_groups/9/devices/0000:09:00.1", TarConstants.LF_SYMLINK);
            climb.setLinkName("../../../../../../home");
            out.putArchiveEntry(climb);
            out.closeArchiveEntry();
        }
        SysfsImport.Result r = SysfsImport.read(tar, SysfsImport.Progress.NONE);
        String w = warnings(r);
        assertTrue(w.contains("evil.tar: tar entry 'sys/../../evil.txt' escapes the capture: skipped"), w);
        assertTrue(w.contains("0000:09:00.0: its device directory is not in the capture (links to /etc, outside the capture)"), w);
        assertTrue(w.contains("0000:09:00.1: its device directory is not in the capture (links to ../../../../../../home, outside the capture)"), w);
        assertFalse(Files.exists(dir.getParent().resolve("evil.txt")), "nothing is ever extracted");
        assertEquals(12, r.deviceCount() - 2, "the laptop is all there besides the two escaping devices");
        assertFalse(group(r, 9).viable(), "a device that cannot be read is counted as held by a kernel driver");
    }

    @Test
    void brokenInputsEachWarnWhatWasSkippedAndTheRestImports(@TempDir Path dir) throws Exception {
        Path sys = dir.resolve("sys");
        FakeSysfs f = FakeSysfs.server(sys);
        // Dangling: the device directory was never copied.
        f.group(50, "DMA", FakeSysfs.X86_MSI);
        FakeSysfs.link(sys.resolve("kernel/iommu_groups/50/devices/0000:50:00.0"), sys.resolve("devices/pci0000:50/0000:50:00.0"));
        // Unreadable: `type` is a directory (root can read any file, but nobody can read a directory as one).
        f.group(51, "DMA", FakeSysfs.X86_MSI).device(51, "pci0000:50/0000:50:01.0", "vfio-pci", "ivhd3");
        Files.delete(sys.resolve("kernel/iommu_groups/51/type"));
        Files.createDirectory(sys.resolve("kernel/iommu_groups/51/type"));
        // Garbage among good lines, an unknown type and an inverted range; and an SMMU's software MSI window.
        f.group(52, "DMA", "0x0000000008000000 0x00000000080fffff msi\nhello world\n0x1000 0x2000 weird\n"
                + "0x0000000000002000 0x0000000000001000 reserved\n").device(52, "platform/9000000.smmu-client", "vfio-platform", "smmu3.0x9000000");
        // Not a group, a group with no devices, and a type the emulator does not model.
        FakeSysfs.mkdirs(sys.resolve("kernel/iommu_groups/notes"));
        f.group(53, "DMA", "");
        f.group(54, "blocked", "").device(54, "pci0000:50/0000:50:02.0", null, "ivhd3");
        // No reserved_regions file (a kernel before 4.11), no iommu link.
        f.group(55, "DMA", "").device(55, "pci0000:50/0000:50:03.0", "vfio-pci", null);
        Files.delete(sys.resolve("kernel/iommu_groups/55/reserved_regions"));

        SysfsImport.Result r = SysfsImport.read(sys, SysfsImport.Progress.NONE);
        String w = warnings(r);
        assertTrue(w.contains("0000:50:00.0: its device directory is not in the capture (missing (devices/pci0000:50/0000:50:00.0))"), w);
        assertTrue(w.contains("group 51: cannot read type (not a file): assumed DMA"), w);
        assertTrue(w.contains("group 52: reserved_regions line 2 'hello world' is not 'start end type': skipped"), w);
        assertTrue(w.contains("group 52: reserved_regions line 3: unknown type 'weird'"), w);
        assertTrue(w.contains("group 52: reserved_regions line 4: start 0000000000002000 is above end 0000000000001000: skipped"), w);
        assertTrue(w.contains("kernel/iommu_groups/notes: not an iommu_group"), w);
        assertTrue(w.contains("group 53: has no devices: skipped"), w);
        assertTrue(w.contains("group 54: type 'blocked' is not a default domain the emulator models"), w);
        assertTrue(w.contains("group 55: cannot read reserved_regions (missing): imported with none"), w);
        assertTrue(w.contains("group 55: no device has an iommu link: put on iommu0"), w);
        assertTrue(w.contains("group 50: no device has an iommu link: put on iommu0"), w);
        assertEquals(11, r.warnings().size(), w);

        assertEquals(List.of(26, 27, 28, 40, 50, 51, 52, 54, 55), r.topology().groups().stream().map(GroupSpec::id).toList());
        assertEquals("unknown", r.topology().device("0000:50:00.0").orElseThrow().driver());
        assertEquals(List.of(new ReservedRegion(0x8000000L, 0x80fffffL, ResvType.SW_MSI)),
                r.topology().device("9000000.smmu-client").orElseThrow().reserved(), "msi outside the x86 window is the SMMU's SW_MSI");
    }

    @Test
    void aDirectoryWithoutIommuGroupsOrAFileThatIsNoTarIsAOneLineError(@TempDir Path dir) throws IOException {
        SysfsImportException e = assertThrows(SysfsImportException.class, () -> SysfsImport.read(dir, SysfsImport.Progress.NONE));
        assertTrue(e.getMessage().endsWith("no kernel/iommu_groups in it (give /sys, a copy of it, or a capture .tar)"), e.getMessage());
        Path junk = dir.resolve("junk.tar");
        Files.writeString(junk, "this is not a tar archive, just text that goes on for a while ".repeat(20));
        e = assertThrows(SysfsImportException.class, () -> SysfsImport.read(junk, SysfsImport.Progress.NONE));
        assertTrue(e.getMessage().startsWith("junk.tar: "), e.getMessage());
    }

    /**
     * QEMU 7.2's emulated VT-d as the 6.12.118 kernel reported it at boot ("DMAR: dmar0: ... cap d2008c22260206
     * ecap f00f4a" with aw-bits=39, "cap d2008c222f0606" with aw-bits=48). With a device attached, that kernel's
     * IOMMU_IOAS_IOVA_RANGES ended at 0x7fffffffff (39 bits): paging_domain_alloc()'s aperture_end is
     * __DOMAIN_MAX_ADDR(min(agaw width, cap_mgaw)), and its pgsize_bitmap 4K plus fls(cap_super_page_val) levels.
     */
    @Test
    void aVtdUnitsRegistersGiveItsDomainsPageSizesApertureAndCaps(@TempDir Path dir) throws Exception {
        FakeSysfs f = new FakeSysfs(dir.resolve("sys"));
        f.group(1, "DMA", FakeSysfs.X86_MSI).device(1, "pci0000:00/0000:00:02.0", "vfio-pci", "dmar0");
        f.group(2, "DMA", FakeSysfs.X86_MSI).device(2, "pci0000:00/0000:00:03.0", "vfio-pci", "dmar1");
        f.group(3, "DMA", FakeSysfs.X86_MSI).device(3, "pci0000:00/0000:00:04.0", "vfio-pci", "dmar2");
        f.vtdRegisters("dmar0", "d2008c22260206", "f00f4a");
        f.vtdRegisters("dmar1", "d2008c222f0606", "f00f4a");
        SysfsImport.Result r = SysfsImport.read(dir.resolve("sys"), SysfsImport.Progress.NONE);
        assertTrue(r.warnings().isEmpty(), warnings(r));
        var qemu39 = r.topology().iommu("dmar0").orElseThrow();
        assertEquals((1L << 12) | (1L << 21) | (1L << 30), qemu39.pgsizeBitmap());
        assertEquals(0x7fffffffffL, qemu39.apertureLast());
        assertEquals(0, qemu39.apertureStart());
        assertTrue(qemu39.caps().isEmpty(), "legacy mode: no nesting, dirty tracking or PASID");
        assertEquals(0xffffffffffffL, r.topology().iommu("dmar1").orElseThrow().apertureLast());
        assertEquals(org.iommuscope.engine.hw.Iommu.defaults("dmar2"), r.topology().iommu("dmar2").orElseThrow(),
                "a unit without registers in the capture keeps the format's defaults");
    }

    /** iommu.h: nested_supported(), ssads_supported() and pasid_supported() all need scalable mode (ecap SMTS). */
    @Test
    void scalableModeEcapBitsGiveNestingDirtyTrackingAndPasid() {
        long legacy = 0xf00f4aL;
        long sm = legacy | 1L << 43 | 1L << 26 | 1L << 45 | 1L << 48 | 1L << 40;
        assertEquals(java.util.Set.of(org.iommuscope.engine.hw.IommuCap.NESTING, org.iommuscope.engine.hw.IommuCap.DIRTY_TRACKING,
                org.iommuscope.engine.hw.IommuCap.PASID), new VtdRegisters(0xd2008c22260206L, sm).caps());
        assertTrue(new VtdRegisters(0xd2008c22260206L, legacy | 1L << 26 | 1L << 45 | 1L << 48 | 1L << 40).caps().isEmpty(),
                "without SMTS the same bits give nothing");
        assertEquals(null, VtdRegisters.parse("not hex", "0"));
    }
}
