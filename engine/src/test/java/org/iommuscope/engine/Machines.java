package org.iommuscope.engine;

import java.util.List;
import java.util.Set;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;

/** Small machines for tests, and a driver that applies ops and remembers the last state. */
final class Machines {
    static final String FN0 = "0000:06:0d.0";
    static final String FN1 = "0000:06:0d.1";
    static final String SOLO = "0000:07:00.0";
    static final ReservedRegion MSI = new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI);

    private Machines() {
    }

    static PciDevice vfio(String name, int group, DeviceQuirk... quirks) {
        return new PciDevice(name, group, PciDevice.VFIO_PCI, List.of(MSI), Set.of(quirks));
    }

    /** Group 26 with two functions, group 27 with one device, one unit with dirty tracking and nesting. */
    static Topology twoFunctionGroup(DeviceQuirk... fn1Quirks) {
        Iommu unit = new Iommu("dmar0", Iommu.DEFAULT_PGSIZES, 0, 0xffffffffffffL, Set.of(IommuCap.DIRTY_TRACKING, IommuCap.NESTING));
        return new Topology(4096, List.of(unit), List.of(
                new GroupSpec(26, "dmar0", DomainType.DMA, List.of(vfio(FN0, 26), vfio(FN1, 26, fn1Quirks))),
                new GroupSpec(27, "dmar0", DomainType.DMA, List.of(vfio(SOLO, 27)))));
    }

    /** Applies ops in sequence, checking invariants after each. */
    static final class Driver {
        State state;
        Step last;

        Driver(Topology t, Profile p) {
            state = Kernel.boot(t, p);
        }

        Result apply(Op op) {
            last = Kernel.apply(state, op);
            state = last.after();
            Invariants.Report r = Invariants.check(state);
            if (!r.ok()) {
                throw new AssertionError("after " + op + ": " + r.violations());
            }
            return last.result();
        }

        /** Applies an op that must succeed, returning its first output as an int. */
        int ok(Op op, String output) {
            Result r = apply(op);
            if (!r.ok()) {
                throw new AssertionError(op + " failed: " + r.outcome() + " " + r.reason());
            }
            return ((Number) r.output(output)).intValue();
        }

        void ok(Op op) {
            Result r = apply(op);
            if (!r.ok()) {
                throw new AssertionError(op + " failed: " + r.outcome() + " " + r.reason());
            }
        }

        int users(int id) {
            return state.object(id).users();
        }

        Snapshot snapshot() {
            return new Snapshot(state);
        }
    }
}
