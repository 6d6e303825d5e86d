package org.iommuscope.engine;

import java.util.Map;
import java.util.Optional;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable.Translation;
import org.iommuscope.engine.hw.IommuDriver;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.Faults;
import org.iommuscope.engine.iommufd.Hwpt;
import org.iommuscope.engine.iommufd.PageRequest;
import org.iommuscope.engine.iommufd.Veventqs;

/**
 * A device's DMA, translated through the domain its group is really on (or the domain at the PASID the request
 * carries): the probe that shows functional damage. A write through a domain that tracks dirty pages sets the
 * dirty bit of the leaf it went through; a fault through a hwpt with a fault object, from a device with PRI,
 * becomes a page request queued there.
 */
public final class Dma {
    private Dma() {
    }

    /**
     * What a DMA at an IOVA does: a physical address, or a fault with its reason. Through a nested domain the walk has
     * two stages, as the picture shows it: the IOVA is a guest IOVA, stage 1 (the guest's translation, described by the
     * scenario) turns it into a guest PA, and stage 2 (the nesting parent's page table, the IOAS's mappings) into the
     * host PA.
     *
     * @param domain the domain the request was looked up in (-1 when the PASID has none)
     * @param table  the domain whose page table translated (a nested domain's parent), or -1
     * @param stage  for a nested domain, the stage that refused (1 or 2), else 0
     * @param gpa    for a nested domain whose stage 1 translated, the guest PA it gave; else null
     */
    public record Outcome(long pa, int domain, int table, String fault, int stage, Long gpa) {
        public Outcome(long pa, int domain, String fault) {
            this(pa, domain, -1, fault, 0, null);
        }

        public Outcome(long pa, int domain, int table, String fault) {
            this(pa, domain, table, fault, 0, null);
        }

        public boolean faulted() {
            return fault != null;
        }
    }

    static boolean issue(Tx tx, Op.Dma d, Map<String, Object> out) {
        String name = Kernel.dmaDevice(tx, d);
        PciDevice dev = tx.state().topology().device(name)
                .orElseThrow(() -> new KernelError(Errno.ENODEV, "no device " + name + " in the topology"));
        boolean write = d.access() == Op.Access.WRITE;
        int pasid = d.pasid() == null ? 0 : (int) (long) d.pasid();
        Outcome o = translate(tx.state(), dev, d.iova(), write, pasid);
        if (o.gpa() != null) {
            out.put("gpa", o.gpa());
        }
        if (o.faulted()) {
            tx.emit(new Event.DmaFaulted(name, d.iova(), o.domain(), o.fault(), o.stage(), o.gpa()));
            boolean requested = pageRequest(tx, dev, pasid, d.iova(), write, o.domain());
            if (!requested && o.stage() == 1) {
                Veventqs.reportStage1Fault(tx, tx.domain(o.domain()), dev.name(), d.iova(), o.fault());
            }
            return true;
        }
        tx.emit(new Event.DmaTranslated(name, d.iova(), o.pa(), o.domain(), o.gpa()));
        if (write) {
            markDirty(tx, o.table(), o.gpa() != null ? o.gpa() : d.iova());
        }
        out.put("pa", o.pa());
        return false;
    }

    /** The hardware sets the dirty bit of the leaf PTE a write went through, when its domain tracks dirty pages. */
    private static void markDirty(Tx tx, int tableDomain, long iova) {
        Domain t = tx.domain(tableDomain);
        if (t == null || !t.dirtyEnabled()) {
            return;
        }
        var before = t.pageTable();
        var after = before.markDirty(iova);
        if (after != before) {
            tx.putDomain(t.withPageTable(after));
            var leaf = after.dirtyLeaves(iova, iova).get(0);
            tx.emit(new Event.PageDirtied(t.id(), leaf.iova(), leaf.last()));
        }
    }

    /**
     * iommu_report_device_fault() → the attach handle's domain's iopf_handler: a device with PRI whose request
     * faulted in a hwpt's domain that has a fault object queues a page request there (iommufd_fault_iopf_handler).
     * Returns whether it did (a stall event is then no vIOMMU event).
     */
    private static boolean pageRequest(Tx tx, PciDevice dev, int pasid, long iova, boolean write, int domain) {
        if (!dev.has(DeviceQuirk.PRI) || domain < 0) {
            return false;
        }
        int hwptId = new Snapshot(tx.state()).hwptOfDomain(domain);
        if (hwptId < 0 || !(tx.object(hwptId) instanceof Hwpt hwpt) || hwpt.fault() < 0) {
            return false;
        }
        Integer idev = tx.state().boundDevices().get(dev.name());
        Faults.deliver(tx, hwptId, new PageRequest(idev == null ? -1 : idev, dev.groupId(), pasid, iova, write, hwptId), dev.name());
        return true;
    }

    /** Translate a DMA without a PASID (the RID). */
    public static Outcome translate(State s, PciDevice dev, long iova, boolean write) {
        return translate(s, dev, iova, write, 0);
    }

    /** Translate a DMA of a device at an IOVA in a state, without changing anything; PASID 0 is the RID. */
    public static Outcome translate(State s, PciDevice dev, long iova, boolean write, int pasid) {
        IommuGroup g = s.group(dev.groupId());
        int domainId = g.domain();
        if (pasid != 0) {
            long max = IommuDriver.maxPasids(s.topology(), dev);
            if (Long.compareUnsigned(pasid, max) >= 0) {
                return new Outcome(0, -1, dev.name() + (max == 0 ? " has no PASID support: it cannot tag a request with PASID "
                        : " supports " + max + " PASIDs: it cannot tag a request with PASID ") + Integer.toUnsignedString(pasid));
            }
            domainId = g.pasidDomain(pasid);
            if (domainId < 0) {
                return new Outcome(0, -1, "PASID " + pasid + " of group " + g.id() + " has no domain: the request is blocked");
            }
        }
        Domain domain = s.domain(domainId);
        if (domain == null) {
            return new Outcome(0, domainId, "domain " + domainId + " was freed while group " + g.id() + " was still on it");
        }
        Domain table = domain;
        Long gpa = null;
        switch (domain.type()) {
            case BLOCKED:
                return new Outcome(0, domain.id(), "group " + g.id() + " is on its blocking domain");
            case DMA:
                return new Outcome(0, domain.id(), "group " + g.id() + " is on its default DMA domain, which holds only the kernel DMA API's mappings");
            case IDENTITY:
                return new Outcome(iova, domain.id(), domain.id(), null);
            case NESTED: {
                // Stage 1, the guest's translation (a bypass when the scenario describes none), then the parent's stage 2.
                Stage1 stage1 = domain.stage1() == null ? Stage1.BYPASS : domain.stage1();
                Stage1.Walk walk = stage1.walk(iova, write);
                if (walk.faulted()) {
                    return new Outcome(0, domain.id(), -1, walk.fault() + " of domain " + domain.id(), 1, null);
                }
                gpa = walk.gpa();
                table = s.domain(domain.parent());
                break;
            }
            case PAGING:
            default:
                break;
        }
        long in = gpa == null ? iova : gpa;
        int stage = gpa == null ? 0 : 2;
        String what = gpa == null ? Unsigned.hex(in) : "guest PA " + Unsigned.hex(in);
        Optional<Translation> t = table.pageTable().translate(in);
        if (t.isEmpty()) {
            return new Outcome(0, domain.id(), table.id(), what + " is not mapped in domain " + table.id(), stage, gpa);
        }
        if (write ? !t.get().prot().write() : !t.get().prot().read()) {
            return new Outcome(0, domain.id(), table.id(), what + " is mapped " + t.get().prot() + " in domain " + table.id()
                    + ", a " + (write ? "write" : "read") + " is refused", stage, gpa);
        }
        return new Outcome(t.get().pa(), domain.id(), table.id(), null, 0, gpa);
    }
}
