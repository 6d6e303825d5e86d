package org.iommuscope.vm.layout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.vm.runner.StepScript;

/**
 * What the VM can host: x86-64 with 4 KiB pages, one emulated Intel VT-d unit as QEMU 7.2 builds it (legacy
 * mode: 4K pages with 2M and 1G super pages, a 39- or 48-bit aperture, no nesting, no dirty tracking, no PASID,
 * no snoop control), interrupt remapping (MSIs isolated), and each device's reserved region the x86 MSI window.
 * A scenario that needs anything else is not hostable, with the reason.
 */
public final class HostingCheck {
    static final long VTD_PGSIZES = (1L << 12) | (1L << 21) | (1L << 30);
    static final ReservedRegion X86_MSI = new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI);

    private HostingCheck() {
    }

    public static Hosting check(Scenario scenario) {
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Topology t = scenario.topology();
        Set<String> used = new LinkedHashSet<>();
        t.groups().forEach(g -> used.add(g.iommu()));
        List<String> mocks = used.stream().filter(n -> t.iommu(n).map(SelftestMockHosting::isMock).orElse(false)).toList();
        if (!mocks.isEmpty() && mocks.size() == used.size()) {
            return SelftestMockHosting.check(scenario);
        }
        if (!mocks.isEmpty()) {
            List<String> others = used.stream().filter(n -> !mocks.contains(n)).toList();
            return new Hosting.NotHostable(List.of("the groups use the selftest mock iommu (" + String.join(", ", mocks)
                    + ") and other units (" + String.join(", ", others) + "): the mock is given devices only in a boot with"
                    + " intel_iommu=off, and a VT-d VM does not probe it (iommu_fwspec_ops(NULL) finds dmar0 first)"));
        }
        if (t.pageSize() != 4096) {
            reasons.add("CPU page size " + t.pageSize() + ": the VM's kernel is x86-64 with 4 KiB pages");
        }
        int width = addressWidth(t, reasons, notes);
        devices(t, reasons, notes);
        String place = LayoutPlanner.cannotPlace(t);
        if (place != null) {
            reasons.add(place);
        }
        for (ScenarioStep s : scenario.steps()) {
            if (s.isOp() && !StepScript.OPS.contains(s.op().name())) {
                reasons.add("line " + s.line() + ": op " + s.op().name() + " has no counterpart in the runner");
            }
        }
        if (!reasons.isEmpty()) {
            return new Hosting.NotHostable(reasons);
        }
        return new Hosting.Hosted(LayoutPlanner.plan(t, width), notes);
    }

    /** The IOMMU units the groups use must be what the VT-d VM gives; returns aw-bits. */
    private static int addressWidth(Topology t, List<String> reasons, List<String> notes) {
        Set<String> used = new LinkedHashSet<>();
        t.groups().forEach(g -> used.add(g.iommu()));
        Set<Integer> widths = new TreeSet<>();
        for (String name : used) {
            Iommu u = t.iommu(name).orElse(null);
            if (u == null) {
                continue;
            }
            if (u.pgsizeBitmap() != VTD_PGSIZES) {
                reasons.add("iommu " + name + " has page sizes " + sizes(u.pgsizeBitmap())
                        + ": the VM's VT-d maps 4K pages with 2M and 1G super pages"
                        + (u.pgsizeBitmap() == 2048 ? " (2K pages without the mock's aperture [0x1000000, 0x7fffffff] is neither VT-d nor the selftest mock)" : ""));
            }
            if (!u.caps().isEmpty()) {
                reasons.add("iommu " + name + " declares " + u.caps().stream().map(IommuCap::yamlName).collect(Collectors.joining(", "))
                        + ": QEMU's VT-d has no nesting (ecap NEST), dirty tracking (SLADS) or PASID, and the kernel answers EOPNOTSUPP");
            }
            if (u.apertureStart() != 0) {
                reasons.add("iommu " + name + "'s aperture starts at " + Unsigned.hex(u.apertureStart()) + ": a VT-d aperture starts at 0");
            } else if (u.apertureLast() == (1L << 39) - 1) {
                widths.add(39);
            } else if (u.apertureLast() == (1L << 48) - 1) {
                widths.add(48);
            } else if (u.apertureLast() == -1L) {
                widths.add(48);
                notes.add("iommu " + name + " has the format's default aperture [0, 2^64-1]; the VM's VT-d gives 48 bits [0, 0xffffffffffff]");
            } else {
                reasons.add("iommu " + name + "'s aperture ends at " + Unsigned.hex(u.apertureLast())
                        + ": QEMU's VT-d gives 39 or 48 address bits");
            }
        }
        if (widths.size() > 1) {
            reasons.add("the groups' IOMMU units have different apertures: the VM has one VT-d unit");
        }
        if (used.size() > 1) {
            notes.add("the scenario's IOMMU units " + used + " are one VT-d unit (dmar0) in the VM");
        }
        return widths.isEmpty() ? 48 : widths.iterator().next();
    }

    private static void devices(Topology t, List<String> reasons, List<String> notes) {
        List<String> noMsi = new ArrayList<>();
        for (GroupSpec g : t.groups()) {
            if (g.defaultDomainType() == DomainType.IDENTITY) {
                reasons.add("group " + g.id() + " has an identity default domain: the VM's groups are DMA (translated)");
            }
            for (PciDevice d : g.devices()) {
                if (d.pasidWidth() > 0) {
                    reasons.add(d.name() + " has a " + d.pasidWidth() + "-bit PASID capability: the VM's e1000 has none, and QEMU's VT-d no PASID support");
                }
                for (DeviceQuirk q : d.quirks()) {
                    if (q == DeviceQuirk.NO_DIRTY) {
                        notes.add(d.name() + ": no_dirty is what every device of the VM is (its VT-d has no dirty tracking)");
                    } else {
                        reasons.add(d.name() + " has the quirk " + q.yamlName() + ": " + quirkReason(q));
                    }
                }
                boolean msi = false;
                for (ReservedRegion r : d.reserved()) {
                    if (r.equals(X86_MSI)) {
                        msi = true;
                    } else {
                        reasons.add(d.name() + " reserves [" + Unsigned.hex(r.start()) + ", " + Unsigned.hex(r.last()) + "] "
                                + r.type().yamlName() + ": the VM's devices reserve only the x86 MSI window [0xfee00000, 0xfeefffff]");
                    }
                }
                if (!msi) {
                    noMsi.add(d.name());
                }
            }
        }
        if (!noMsi.isEmpty()) {
            notes.add("the VM's VT-d reserves the MSI window [0xfee00000, 0xfeefffff] for every device; the scenario does not for "
                    + String.join(", ", noMsi));
        }
    }

    private static String quirkReason(DeviceQuirk q) {
        return switch (q) {
            case ENFORCE_CACHE_COHERENCY -> "QEMU's VT-d has no snoop control (ecap SC), so no domain enforces coherency";
            case NO_CACHE_COHERENCY -> "every device behind VT-d is cache coherent";
            case UNSAFE_MSI -> "the VM has interrupt remapping, so every group isolates MSI";
            case PRI -> "the VM's e1000 has no PRI capability, so it issues no page requests";
            case PASID_EXEC, PASID_PRIV -> "the VM's e1000 has no PASID capability";
            case VF -> "the VM's e1000 functions are physical functions, not SR-IOV VFs";
            case NO_DIRTY -> "";
        };
    }

    private static String sizes(long bitmap) {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            if ((bitmap & (1L << b)) != 0) {
                long v = 1L << b;
                out.add(v >= 1L << 30 ? (v >> 30) + "G" : v >= 1L << 20 ? (v >> 20) + "M" : v >= 1024 ? (v >> 10) + "K" : Long.toString(v));
            }
        }
        return "[" + String.join(", ", out) + "]";
    }
}
