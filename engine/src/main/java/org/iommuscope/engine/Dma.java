package org.iommuscope.engine;

import java.util.Map;
import java.util.Optional;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.IoPageTable.Translation;
import org.iommuscope.engine.hw.IommuGroup;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.errno.KernelError;

/** A device's DMA, translated through the domain its group is really on: the probe that shows functional damage. */
public final class Dma {
    private Dma() {
    }

    /** What a DMA at an IOVA does: a physical address, or a fault with its reason. */
    public record Outcome(long pa, int domain, String fault) {
        public boolean faulted() {
            return fault != null;
        }
    }

    static boolean issue(Tx tx, Op.Dma d, Map<String, Object> out) {
        String name = Kernel.dmaDevice(tx, d);
        PciDevice dev = tx.state().topology().device(name)
                .orElseThrow(() -> new KernelError(Errno.ENODEV, "no device " + name + " in the topology"));
        Outcome o = translate(tx.state(), dev, d.iova(), d.access() == Op.Access.WRITE);
        if (o.faulted()) {
            tx.emit(new Event.DmaFaulted(name, d.iova(), o.domain(), o.fault()));
            return true;
        }
        tx.emit(new Event.DmaTranslated(name, d.iova(), o.pa(), o.domain()));
        out.put("pa", o.pa());
        return false;
    }

    /** Translate a DMA of a device at an IOVA in a state, without changing anything. */
    public static Outcome translate(State s, PciDevice dev, long iova, boolean write) {
        IommuGroup g = s.group(dev.groupId());
        Domain domain = s.domain(g.domain());
        if (domain == null) {
            return new Outcome(0, g.domain(), "domain " + g.domain() + " was freed while group " + g.id() + " was still on it");
        }
        Domain table = domain;
        switch (domain.type()) {
            case BLOCKED:
                return new Outcome(0, domain.id(), "group " + g.id() + " is on its blocking domain");
            case DMA:
                return new Outcome(0, domain.id(), "group " + g.id() + " is on its default DMA domain, which holds only the kernel DMA API's mappings");
            case IDENTITY:
                return new Outcome(iova, domain.id(), null);
            case NESTED:
                // The emulated driver's default stage-1 data is a bypass: stage-1 IOVA = IPA, then stage 2.
                table = s.domain(domain.parent());
                break;
            case PAGING:
            default:
                break;
        }
        Optional<Translation> t = table.pageTable().translate(iova);
        if (t.isEmpty()) {
            return new Outcome(0, domain.id(), Unsigned.hex(iova) + " is not mapped in domain " + table.id());
        }
        if (write ? !t.get().prot().write() : !t.get().prot().read()) {
            return new Outcome(0, domain.id(), Unsigned.hex(iova) + " is mapped " + t.get().prot() + " in domain " + table.id()
                    + ", a " + (write ? "write" : "read") + " is refused");
        }
        return new Outcome(t.get().pa(), domain.id(), null);
    }
}
