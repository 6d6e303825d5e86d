package org.iommuscope.app;

import java.util.List;
import java.util.Set;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.Frames;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;

/** The seed thread's sequence built in code: idev 1, 2 in group 26; ioas 3, 4; hwpt 5 (ioas 3), hwpt 6 (ioas 4). */
final class SeedFrames {
    static final int IDEV1 = 1;
    static final int IDEV2 = 2;
    static final int HWPT1 = 5;
    static final int HWPT2 = 6;
    /** The frame right after idev 1 replaced to hwpt 6. */
    static final int AFTER_REPLACE = 9;
    /** The frame after idev 2's own (NOP) replace. */
    static final int AFTER_CATCH_UP = 11;

    private SeedFrames() {
    }

    static List<Frame> frames(Profile profile) {
        ReservedRegion msi = new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI);
        Topology t = new Topology(4096, List.of(new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, Set.of())), List.of(
                new GroupSpec(26, "dmar0", DomainType.DMA, List.of(
                        new PciDevice("0000:06:0d.0", 26, "vfio-pci", List.of(msi), Set.of()),
                        new PciDevice("0000:06:0d.1", 26, "vfio-pci", List.of(msi), Set.of()))),
                new GroupSpec(27, "dmar0", DomainType.DMA, List.of(new PciDevice("0000:07:00.0", 27, "vfio-pci", List.of(msi), Set.of())))));
        return Frames.replay(Kernel.boot(t, profile), List.of(
                new Op.Bind("0000:06:0d.0"),
                new Op.Bind("0000:06:0d.1"),
                new Op.IoasAlloc(),
                new Op.IoasAlloc(),
                new Op.HwptAlloc(IDEV1, 3, Set.of()),
                new Op.HwptAlloc(IDEV1, 4, Set.of()),
                new Op.Attach(IDEV1, HWPT1),
                new Op.Attach(IDEV2, HWPT1),
                new Op.Attach(IDEV1, HWPT2),
                new Op.IoasMap(3, 0x200000, 0x100000000L, Prot.RW, null),
                new Op.Attach(IDEV2, HWPT2),
                new Op.Dma("0000:06:0d.1", null, 0x100000000L, Op.Access.READ),
                new Op.Detach(IDEV1),
                new Op.Detach(IDEV2)));
    }
}
