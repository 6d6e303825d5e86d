package org.iommuscope.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.IoPageTable;
import org.iommuscope.engine.hw.IommuCore;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.UserMemory;
import org.iommuscope.engine.iommufd.AttachModel;
import org.iommuscope.engine.iommufd.Devices;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.HwPagetables;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IoasOps;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.iommufd.Faults;
import org.iommuscope.engine.iommufd.HwQueues;
import org.iommuscope.engine.iommufd.Veventqs;
import org.iommuscope.engine.iommufd.Viommus;
import org.iommuscope.engine.iommufd.IGroup;
import org.iommuscope.engine.iommufd.KernelRelease;
import org.iommuscope.engine.iommufd.Objects;
import org.iommuscope.engine.iommufd.Profile;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The emulated kernel: {@link #boot} a machine, then {@link #apply} ops. Pure: each call returns a new
 * state and never changes the one it was given, so stepping back is keeping the old state. Never throws
 * on user input: a refused op is a {@link Result} with the kernel's errno, and leaves the state as it was
 * (unless the kernel itself keeps partial effects, as unmap does).
 */
public final class Kernel {
    private Kernel() {
    }

    /** The machine at power-on: every group on its default domain; kernel DMA-API drivers counted as owners. */
    public static State boot(Topology topology, Profile profile) {
        TreePMap<Integer, IommuGroup> groups = TreePMap.empty();
        TreePMap<Integer, Domain> domains = TreePMap.empty();
        int nextDomain = 1;
        for (GroupSpec g : topology.groups()) {
            DomainType type = g.defaultDomainType() == DomainType.IDENTITY ? DomainType.IDENTITY : DomainType.DMA;
            Domain def = new Domain(nextDomain++, type, g.iommu(), 0, 0, -1L, false, false, false, -1, -1, IoPageTable.empty());
            domains = domains.plus(def.id(), def);
            IommuGroup group = new IommuGroup(g.id(), g.iommu(), g.devices().stream().map(PciDevice::name).toList(),
                    def.id(), def.id(), -1, null, 0, 0, "boot");
            for (PciDevice d : g.devices()) {
                if (d.usesKernelDma()) {
                    group = IommuCore.useDefaultDomain(group);
                }
            }
            groups = groups.plus(g.id(), group);
        }
        return new State(topology, profile, 0, groups, domains, nextDomain, UserMemory.initial(),
                TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), TreePMap.empty(), TreePSet.empty());
    }

    /** Apply one op to a state; the op becomes step {@code before.step() + 1}. */
    public static Step apply(State before, Op op) {
        return apply(before, op, before.step() + 1);
    }

    /**
     * Apply one op as step {@code stepNumber} of a timeline whose other steps (captions, checks) change
     * nothing, so that "since step N" in explanations names the step a user sees.
     */
    public static Step apply(State before, Op op, int stepNumber) {
        before = before.withStep(stepNumber - 1);
        Tx tx = new Tx(before);
        tx.setStep(stepNumber);
        AttachModel model = AttachModel.of(before.profile());
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean fault = dispatch(tx, op, model, out);
            return new Step(op, new Result(null, fault, out, tx.events(), ""), tx.state());
        } catch (KernelError e) {
            State after = e.keepsEffects() ? tx.state() : before.withStep(before.step() + 1);
            return new Step(op, new Result(e.errno(), false, e.outputs(), e.keepsEffects() ? tx.events() : java.util.List.of(),
                    e.reason()), after);
        }
    }

    /** Runs the op; returns true for a DMA fault. */
    private static boolean dispatch(Tx tx, Op op, AttachModel model, Map<String, Object> out) {
        if (op instanceof Op.Bind b) {
            out.put("id", Devices.bind(tx, b.device(), model));
        } else if (op instanceof Op.Unbind u) {
            Devices.unbind(tx, u.dev(), model);
        } else if (op instanceof Op.IoasAlloc) {
            out.put("id", IoasOps.alloc(tx));
        } else if (op instanceof Op.IoasMap m) {
            out.put("iova", IoasOps.map(tx, m.ioas(), m.length(), m.iova(), m.perm(), m.userVa()));
        } else if (op instanceof Op.IoasUnmap u) {
            out.put("length", IoasOps.unmap(tx, u.ioas(), u.iova(), u.length()));
        } else if (op instanceof Op.IoasCopy c) {
            out.put("dst_iova", IoasOps.copy(tx, c.src(), c.srcIova(), c.length(), c.dst(), c.dstIova(), c.perm()));
        } else if (op instanceof Op.IoasAllowIovas a) {
            IoasOps.allowIovas(tx, a.ioas(), a.ranges());
        } else if (op instanceof Op.IoasIovaRanges r) {
            Map<String, Object> ranges = IoasOps.iovaRanges(tx, r.ioas(), r.max());
            if (r.max() != null && Long.compareUnsigned((Long) ranges.get("num"), r.max()) > 0) {
                throw new KernelError(Errno.EMSGSIZE, "the array holds " + r.max() + " range(s); there are " + ranges.get("num"))
                        .withOutputs(ranges);
            }
            out.putAll(ranges);
        } else if (op instanceof Op.HwptAlloc h) {
            out.put("id", HwPagetables.alloc(tx, h.dev(), h.pt(), h.uapiFlags(), h.fault(), h.stage1()));
        } else if (op instanceof Op.Attach a) {
            int pt = Devices.vfioAttach(tx, a.dev(), a.pt(), a.pasid(), model);
            out.put("pt_id", pt);
            if (a.pasid() == null && model.recordsReturnedPtId()) {
                tx.record((int) a.dev(), pt);
            }
        } else if (op instanceof Op.Replace r) {
            int pt = model.replace(tx, tx.idev(r.dev()), selftestPasid(tx, r.pasid()), r.pt());
            out.put("pt_id", pt);
            if (r.pasid() == null && model.recordsReturnedPtId()) {
                tx.record((int) r.dev(), pt);
            }
        } else if (op instanceof Op.Detach d) {
            Devices.vfioDetach(tx, d.dev(), d.pasid(), model);
            if (d.pasid() == null && model.recordsReturnedPtId()) {
                tx.record((int) d.dev(), -1);
            }
        } else if (op instanceof Op.Destroy d) {
            Objects.destroy(tx, d.id());
        } else if (op instanceof Op.AddReserved a) {
            IoasOps.addReserved(tx, a.ioas(), a.start(), a.length());
        } else if (op instanceof Op.Dma d) {
            return Dma.issue(tx, d, out);
        } else if (op instanceof Op.HwInfo h) {
            out.putAll(Devices.hwInfo(tx, h.dev()));
        } else if (op instanceof Op.SetDirtyTracking d) {
            HwPagetables.setDirtyTracking(tx, d.hwpt(), d.enable());
        } else if (op instanceof Op.GetDirtyBitmap g) {
            long pageSize = g.pageSize() == null ? tx.state().topology().pageSize() : g.pageSize();
            out.put("dirty", HwPagetables.getDirtyBitmap(tx, g.hwpt(), g.iova(), g.length(), pageSize, g.noClear()));
        } else if (op instanceof Op.FaultAlloc) {
            out.put("id", Faults.alloc(tx));
        } else if (op instanceof Op.Close c) {
            Veventqs.close(tx, c.id());
        } else if (op instanceof Op.ViommuAlloc v) {
            out.put("id", Viommus.alloc(tx, v.dev(), v.hwpt(), v.type()));
        } else if (op instanceof Op.VdeviceAlloc v) {
            out.put("id", Viommus.vdeviceAlloc(tx, v.viommu(), v.dev(), v.virtId()));
        } else if (op instanceof Op.VeventqAlloc v) {
            out.put("id", Veventqs.alloc(tx, v.viommu(), v.depth(), v.type()));
        } else if (op instanceof Op.HwQueueAlloc q) {
            out.put("id", HwQueues.alloc(tx, q.viommu(), q.type(), q.index(), q.baseAddr(), q.length()));
        } else if (op instanceof Op.HwptInvalidate i) {
            out.put("entry_num", HwPagetables.invalidate(tx, i.hwpt(), i.entries()));
        }
        return false;
    }

    /**
     * The PASID of a selftest-level replace (IOMMU_TEST_OP_PASID_REPLACE, v6.15): the RID without one; with one,
     * a kernel whose selftest has no such op answers EOPNOTSUPP (iommufd_test()'s default).
     */
    private static int selftestPasid(Tx tx, Long pasid) {
        if (pasid == null) {
            return IGroup.NO_PASID;
        }
        if (!tx.release().has(KernelRelease.Rule.PASID_ATTACH)) {
            throw new KernelError(Errno.EOPNOTSUPP, "the " + tx.release() + " kernel's selftest has no IOMMU_TEST_OP_PASID_REPLACE");
        }
        return (int) (long) pasid;
    }

    /** The device name an op's dma refers to. */
    static String dmaDevice(Tx tx, Op.Dma d) {
        if (d.device() != null) {
            return d.device();
        }
        Idev idev = tx.idev(d.dev());
        return idev.device();
    }
}
