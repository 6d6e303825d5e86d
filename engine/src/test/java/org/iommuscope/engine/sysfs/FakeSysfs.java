package org.iommuscope.engine.sysfs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a sysfs-shaped tree the way the kernel lays it out: /sys/kernel/iommu_groups/N/{type,
 * reserved_regions,devices/BDF → ../../../../devices/…}, and each device directory's driver and iommu links.
 */
public final class FakeSysfs {
    public static final String X86_MSI = "0x00000000fee00000 0x00000000feefffff msi\n";

    private final Path sys;

    public FakeSysfs(Path sys) {
        this.sys = sys;
        mkdirs(sys.resolve("kernel/iommu_groups"));
    }

    public Path root() {
        return sys;
    }

    /** An iommu_group directory with its attributes. */
    public FakeSysfs group(int id, String type, String reservedRegions) {
        Path g = sys.resolve("kernel/iommu_groups/" + id);
        mkdirs(g.resolve("devices"));
        write(g.resolve("type"), type + "\n");
        write(g.resolve("reserved_regions"), reservedRegions);
        return this;
    }

    /**
     * A device at devices/{@code path} (its last component is the BDF), in group {@code group}, with its driver
     * link (none when null) and its iommu link to devices/virtual/iommu/{@code iommu}.
     */
    public FakeSysfs device(int group, String path, String driver, String iommu) {
        Path dev = sys.resolve("devices/" + path);
        mkdirs(dev);
        String bdf = dev.getFileName().toString();
        if (driver != null) {
            Path drv = sys.resolve("bus/pci/drivers/" + driver);
            mkdirs(drv);
            link(dev.resolve("driver"), drv);
        }
        if (iommu != null) {
            Path unit = sys.resolve("devices/virtual/iommu/" + iommu);
            mkdirs(unit);
            link(dev.resolve("iommu"), unit);
        }
        Path g = sys.resolve("kernel/iommu_groups/" + group);
        link(dev.resolve("iommu_group"), g);
        link(g.resolve("devices/" + bdf), dev);
        return this;
    }

    /** An Intel VT-d unit's registers, as /sys/devices/virtual/iommu/UNIT/intel-iommu/{cap,ecap} show them ("%llx"). */
    public FakeSysfs vtdRegisters(String unit, String cap, String ecap) {
        Path dir = sys.resolve("devices/virtual/iommu/" + unit + "/intel-iommu");
        mkdirs(dir);
        write(dir.resolve("cap"), cap + "\n");
        write(dir.resolve("ecap"), ecap + "\n");
        return this;
    }

    /** A relative link, as sysfs makes them. */
    public static void link(Path at, Path target) {
        try {
            Files.createSymbolicLink(at, at.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tars the tree as `sys/…` (links stored as links, as GNU tar without -h does). */
    public Path tar(Path out) {
        try (OutputStream os = Files.newOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            addAll(tar, "sys");
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    void addAll(TarArchiveOutputStream tar, String prefix) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(sys)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            String name = prefix + (p.equals(sys) ? "" : "/" + sys.relativize(p).toString().replace('\\', '/'));
            if (Files.isSymbolicLink(p)) {
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
                tar.closeArchiveEntry();
            } else {
                byte[] b = Files.readAllBytes(p);
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
    }

    /** A typical laptop: Intel VT-d with the iGPU on its own unit, kernel drivers on almost everything. */
    public static FakeSysfs laptop(Path sys) {
        FakeSysfs f = new FakeSysfs(sys);
        f.group(0, "identity", "0x000000007b800000 0x000000007f7fffff direct\n" + X86_MSI)
                .device(0, "pci0000:00/0000:00:02.0", "i915", "dmar0");
        f.group(1, "DMA-FQ", X86_MSI).device(1, "pci0000:00/0000:00:00.0", "skl_uncore", "dmar1");
        f.group(2, "DMA-FQ", "0x0000000079b6c000 0x0000000079b8bfff direct-relaxable\n" + X86_MSI)
                .device(2, "pci0000:00/0000:00:14.0", "xhci_hcd", "dmar1")
                .device(2, "pci0000:00/0000:00:14.2", null, "dmar1");
        f.group(3, "DMA-FQ", X86_MSI).device(3, "pci0000:00/0000:00:16.0", "mei_me", "dmar1");
        f.group(4, "DMA-FQ", X86_MSI)
                .device(4, "pci0000:00/0000:00:1f.0", null, "dmar1")
                .device(4, "pci0000:00/0000:00:1f.3", "snd_hda_intel", "dmar1")
                .device(4, "pci0000:00/0000:00:1f.4", "i801_smbus", "dmar1")
                .device(4, "pci0000:00/0000:00:1f.5", "intel-spi", "dmar1");
        f.group(5, "DMA-FQ", X86_MSI).device(5, "pci0000:00/0000:00:1d.0", "pcieport", "dmar1");
        f.group(6, "DMA-FQ", X86_MSI).device(6, "pci0000:00/0000:00:1d.0/0000:02:00.0", "nvme", "dmar1");
        f.group(7, "DMA-FQ", X86_MSI).device(7, "pci0000:00/0000:00:1c.0/0000:03:00.0", "vfio-pci", "dmar1");
        return f;
    }

    /**
     * A two-socket AMD server: a conventional PCI bridge without ACS puts 00:1e.0 and both functions of 06:0d
     * in group 26 (vfio.rst's example), one function still on e1000e; a GPU and its audio function on vfio-pci.
     */
    public static FakeSysfs server(Path sys) {
        FakeSysfs f = new FakeSysfs(sys);
        f.group(26, "DMA", X86_MSI)
                .device(26, "pci0000:00/0000:00:1e.0", null, "ivhd0")
                .device(26, "pci0000:00/0000:00:1e.0/0000:06:0d.0", "vfio-pci", "ivhd0")
                .device(26, "pci0000:00/0000:00:1e.0/0000:06:0d.1", "e1000e", "ivhd0");
        f.group(27, "DMA", X86_MSI).device(27, "pci0000:40/0000:40:01.1", "pcieport", "ivhd1");
        f.group(28, "DMA", X86_MSI)
                .device(28, "pci0000:40/0000:40:01.1/0000:41:00.0", "vfio-pci", "ivhd1")
                .device(28, "pci0000:40/0000:40:01.1/0000:41:00.1", "vfio-pci", "ivhd1");
        f.group(40, "DMA", X86_MSI)
                .device(40, "pci0000:80/0000:80:03.0/0000:81:00.0", "igb", "ivhd2")
                .device(40, "pci0000:80/0000:80:03.0/0000:81:00.1", "igb", "ivhd2")
                .device(40, "pci0000:80/0000:80:03.0/0000:81:00.2", "igb", "ivhd2")
                .device(40, "pci0000:80/0000:80:03.0/0000:81:00.3", "igb", "ivhd2");
        return f;
    }

    /** Four ice PFs with {@code vfsPerPf} VFs each, every function alone in its group (ACS everywhere). */
    public static FakeSysfs sriov(Path sys, int vfsPerPf) {
        FakeSysfs f = new FakeSysfs(sys);
        int group = 0;
        String[] pfs = {"0000:3b:00.0", "0000:3b:00.1", "0000:d8:00.0", "0000:d8:00.1"};
        for (int p = 0; p < pfs.length; p++) {
            String rc = p < 2 ? "pci0000:3a/0000:3a:00.0/" : "pci0000:d7/0000:d7:00.0/";
            String unit = "dmar" + p;
            f.group(group, "DMA", X86_MSI).device(group, rc + pfs[p], "ice", unit);
            group++;
            int bus = Integer.parseInt(pfs[p].substring(5, 7), 16) + 1 + (p % 2) * ((vfsPerPf + 255) / 256);
            for (int v = 0; v < vfsPerPf; v++) {
                int b = bus + v / 256;
                int devfn = v % 256;
                String vf = String.format("0000:%02x:%02x.%d", b, devfn >> 3, devfn & 7);
                f.group(group, "DMA", X86_MSI).device(group, rc + vf, v % 8 == 0 ? "vfio-pci" : "iavf", unit);
                group++;
            }
        }
        return f;
    }
}
