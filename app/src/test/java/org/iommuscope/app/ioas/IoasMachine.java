package org.iommuscope.app.ioas;

import java.util.List;
import java.util.Set;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.IovaRange;

/**
 * A small machine with two IOASes: one with a device attached (its MSI window and its domain's aperture
 * complement reserved) and three mappings: 256 MiB, a single page, 2 MiB; one with an owner-less reserved
 * range, two allowed ranges and an automatic mapping.
 */
final class IoasMachine {
    static final String DEV = "0000:06:0d.0";
    static final long MSI_START = 0xfee00000L;
    static final long MSI_LAST = 0xfeefffffL;
    static final long APERTURE_LAST = 0xffffffffffffL;
    static final long BIG = 0x100000L;
    static final long BIG_LENGTH = 0x10000000L;
    static final long TINY = 0x40000000L;
    static final long HIGH = 0x80000000L;
    static final long NONE_START = 0x10000000L;

    State state;
    int idev;
    int ioas;
    int hwpt;
    int ioas2;

    IoasMachine() {
        Iommu unit = new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, APERTURE_LAST, Set.of());
        PciDevice dev = new PciDevice(DEV, 26, PciDevice.VFIO_PCI,
                List.of(new ReservedRegion(MSI_START, MSI_LAST, ResvType.MSI)), Set.of());
        Topology t = new Topology(4096, List.of(unit), List.of(new GroupSpec(26, "dmar0", DomainType.DMA, List.of(dev))));
        state = Kernel.boot(t, Profile.V6_15);
        idev = ok(new Op.Bind(DEV), "id");
        ioas = ok(new Op.IoasAlloc(), "id");
        hwpt = ok(new Op.Attach(idev, ioas), "pt_id");
        ok(new Op.IoasMap(ioas, BIG_LENGTH, BIG, Prot.RW, null), null);
        ok(new Op.IoasMap(ioas, 0x1000, TINY, Prot.R, null), null);
        ok(new Op.IoasMap(ioas, 0x200000, HIGH, Prot.RW, null), null);
        ioas2 = ok(new Op.IoasAlloc(), "id");
        ok(new Op.AddReserved(ioas2, NONE_START, 0x100000), null);
        ok(new Op.IoasAllowIovas(ioas2, List.of(new IovaRange(0x1000, 0x0fffffffL), new IovaRange(0x20000000L, 0x2fffffffL))), null);
        ok(new Op.IoasMap(ioas2, 0x10000, null, Prot.RW, null), null);
    }

    private int ok(Op op, String output) {
        var step = Kernel.apply(state, op);
        Result r = step.result();
        if (!r.ok()) {
            throw new AssertionError(op + " failed: " + r.outcome() + " " + r.reason());
        }
        state = step.after();
        return output == null ? 0 : ((Number) r.output(output)).intValue();
    }
}
