package org.iommuscope.vm.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioStep;

/**
 * What the kernel's selftest mock iommu (drivers/iommu/iommufd/selftest.c, CONFIG_IOMMUFD_TEST) can host. Its
 * domains map 2 KiB pages (MOCK_IO_PAGE_SIZE) in the aperture [MOCK_APERTURE_START, MOCK_APERTURE_LAST], support
 * dirty tracking and nesting; its devices reserve nothing and have no PASID on 6.12 (mock_dev_create() rejects
 * MOCK_FLAGS_DEVICE_PASID there), each in its own group; the quirk no_dirty is MOCK_FLAGS_DEVICE_NO_DIRTY. A device exists only from the IOMMU_TEST_OP_MOCK_DOMAIN
 * that creates, binds and attaches it, so a scenario's {@code bind} of a mock device must be followed by the
 * {@code attach} of that device (the pair becomes one ioctl); {@code replace} becomes MOCK_DOMAIN_REPLACE and
 * {@code unbind} the IOMMU_DESTROY of the selftest object. The kernel's IDs then differ from the engine's by those
 * selftest objects, so an argument may name an object only by handle (a raw ID would be the engine's).
 */
public final class SelftestMockHosting {
    static final long MOCK_IO_PAGE_SIZE = 2048;
    static final long MOCK_APERTURE_START = 1L << 24;
    static final long MOCK_APERTURE_LAST = (1L << 31) - 1;
    static final Set<IommuCap> MOCK_CAPS = Set.of(IommuCap.DIRTY_TRACKING, IommuCap.NESTING);
    /** The ops the mock run issues (a {@code bind} only with its {@code attach}). */
    static final Set<String> OPS = Set.of("bind", "attach", "replace", "unbind", "ioas_alloc", "ioas_map", "ioas_unmap",
            "ioas_copy", "ioas_allow_iovas", "ioas_iova_ranges", "hwpt_alloc", "destroy", "add_reserved");

    private SelftestMockHosting() {
    }

    /** A unit with the mock's page size is taken as the mock; {@link #check} then asks for the rest. */
    static boolean isMock(Iommu u) {
        return u.pgsizeBitmap() == MOCK_IO_PAGE_SIZE;
    }

    static Hosting check(Scenario scenario) {
        List<String> reasons = new ArrayList<>();
        Topology t = scenario.topology();
        if (t.pageSize() != 4096) {
            reasons.add("CPU page size " + t.pageSize() + ": the VM's kernel is x86-64 with 4 KiB pages (the mock's 2 KiB is half of it)");
        }
        for (GroupSpec g : t.groups()) {
            Iommu u = t.iommu(g.iommu()).orElseThrow();
            if (u.apertureStart() != MOCK_APERTURE_START || u.apertureLast() != MOCK_APERTURE_LAST) {
                reasons.add("iommu " + u.name() + "'s aperture [" + Unsigned.hex(u.apertureStart()) + ", " + Unsigned.hex(u.apertureLast())
                        + "] is not the selftest mock's [0x1000000, 0x7fffffff]");
            }
            for (IommuCap c : u.caps()) {
                if (!MOCK_CAPS.contains(c)) {
                    reasons.add("iommu " + u.name() + " declares " + c.yamlName() + ": the runner drives the mock's dirty tracking and nesting"
                            + " only (6.12's mock has no PASID and no vIOMMU)");
                }
            }
            if (g.defaultDomainType() == DomainType.IDENTITY) {
                reasons.add("group " + g.id() + " has an identity default domain: the mock's groups are DMA");
            }
            if (g.devices().size() != 1) {
                reasons.add("group " + g.id() + " has " + g.devices().size() + " devices: each mock device is its own group (generic_device_group())");
            }
            for (PciDevice d : g.devices()) {
                if (!PciDevice.VFIO_PCI.equals(d.driver())) {
                    reasons.add(d.name() + " is on " + d.driver() + ": a mock device has no driver that claims DMA ownership");
                }
                if (!d.reserved().isEmpty()) {
                    reasons.add(d.name() + " reserves IOVA ranges: mock devices reserve none");
                }
                if (d.pasidWidth() > 0) {
                    reasons.add(d.name() + " has a PASID capability: 6.12's mock_dev_create() rejects MOCK_FLAGS_DEVICE_PASID");
                }
                for (DeviceQuirk q : d.quirks()) {
                    if (q != DeviceQuirk.NO_DIRTY) {
                        reasons.add(d.name() + " has the quirk " + q.yamlName() + ": a mock device's only flag on 6.12 is"
                                + " MOCK_FLAGS_DEVICE_NO_DIRTY (no_dirty)");
                    }
                }
            }
        }
        steps(scenario.steps(), reasons);
        if (!reasons.isEmpty()) {
            return new Hosting.NotHostable(reasons);
        }
        return new Hosting.Hosted(VmLayout.mock(), List.of(
                "the selftest mock iommu in a boot with intel_iommu=off: each bind + attach is one IOMMU_TEST_OP_MOCK_DOMAIN,"
                        + " whose selftest object takes a kernel ID the engine does not have; IDs are compared through a map"
                        + " learned as objects are created"));
    }

    private static void steps(List<ScenarioStep> steps, List<String> reasons) {
        String pendingBind = null;
        int pendingLine = 0;
        for (ScenarioStep s : steps) {
            if (!s.isOp()) {
                continue;
            }
            OpSpec op = s.op();
            String name = op.name();
            if (!OPS.contains(name)) {
                reasons.add("line " + s.line() + ": op " + name + " has no counterpart on the selftest mock in the runner");
                continue;
            }
            for (var e : op.args().entrySet()) {
                if (e.getValue() instanceof Arg.Obj o && !o.ref().isHandle() && o.ref().rawId() != 0) {
                    reasons.add("line " + s.line() + ": " + e.getKey() + ": " + o.ref().rawId() + " is a raw ID, which names the engine's"
                            + " object; the kernel's IDs differ by the selftest objects (use a handle)");
                }
            }
            if (pendingBind != null) {
                boolean pairs = name.equals("attach") && op.arg("pasid") == null && op.arg("dev") instanceof Arg.Obj o
                        && o.ref().isHandle() && o.ref().handle().equals(pendingBind);
                if (!pairs) {
                    reasons.add("line " + pendingLine + ": the bind of " + pendingBind + " is not followed by its attach:"
                            + " IOMMU_TEST_OP_MOCK_DOMAIN binds and attaches in one ioctl, and a mock device cannot be bound alone");
                }
                pendingBind = null;
                if (pairs) {
                    continue;
                }
            }
            if (name.equals("bind")) {
                if (s.as() == null) {
                    reasons.add("line " + s.line() + ": a bind without as: its attach cannot name it by handle");
                } else {
                    pendingBind = s.as();
                    pendingLine = s.line();
                }
            } else if (name.equals("attach")) {
                reasons.add("line " + s.line() + ": an attach that does not follow its device's bind: the mock has no attach"
                        + " of its own (only MOCK_DOMAIN, which creates the device, and MOCK_DOMAIN_REPLACE)");
            } else if (name.equals("hwpt_alloc") && (op.arg("fault") != null || op.arg("stage1") != null)) {
                reasons.add("line " + s.line() + ": a hwpt_alloc with a fault queue or stage-1 data: the runner's mock hwpt_alloc"
                        + " passes neither");
            } else if (op.arg("pasid") != null) {
                reasons.add("line " + s.line() + ": a PASID " + name + ": the 6.12 mock devices have no PASID");
            }
        }
        if (pendingBind != null) {
            reasons.add("line " + pendingLine + ": the bind of " + pendingBind + " is not followed by its attach:"
                    + " IOMMU_TEST_OP_MOCK_DOMAIN binds and attaches in one ioctl");
        }
    }
}
