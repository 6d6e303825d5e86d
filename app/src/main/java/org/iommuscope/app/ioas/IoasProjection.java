package org.iommuscope.app.ioas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.app.ioas.IoasModel.Band;
import org.iommuscope.app.ioas.IoasModel.Range;
import org.iommuscope.app.ioas.IoasModel.Span;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Domain;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iopt.IoPagetable;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.iopt.ReservedOwner;
import org.iommuscope.engine.iopt.ReservedRange;

/**
 * Snapshot → the IOAS bars: each IOAS's io_pagetable (areas by permission, reserved ranges by owner kind,
 * allowed ranges) and the apertures of the domains attached to it. The one place the bars' view of a state is
 * read; {@link IoasBar} and {@link IoasPanel} draw what this returns and never see a {@link State}.
 */
public final class IoasProjection {
    private IoasProjection() {
    }

    /** Every IOAS of a state in ID order (none for null), with nothing the step did. */
    public static List<IoasModel> of(State state) {
        return of(state, List.of());
    }

    /**
     * Every IOAS of {@code state} after a step with {@code events}: a DMA probe marks its IOVA on the IOAS whose
     * domain it went through, and the areas the step mapped are listed to fill in.
     */
    public static List<IoasModel> of(State state, List<Event> events) {
        List<IoasModel> out = new ArrayList<>();
        if (state == null) {
            return out;
        }
        for (IommufdObject o : state.objects().values()) {
            if (o instanceof Ioas ioas) {
                out.add(ioas(state, ioas, events));
            }
        }
        return out;
    }

    /** One IOAS of the state; a destroyed one when the state has no such IOAS. */
    public static IoasModel of(State state, int ioasId) {
        return state != null && state.object(ioasId) instanceof Ioas ioas ? ioas(state, ioas, List.of()) : IoasModel.destroyed(ioasId);
    }

    private static IoasModel ioas(State state, Ioas ioas, List<Event> events) {
        int id = ioas.id();
        IoPagetable iopt = ioas.iopt();
        int n = iopt.areas().size();
        String title = "ioas " + id + " · " + n + (n == 1 ? " area" : " areas") + " · iova_alignment " + Unsigned.hex(iopt.iovaAlignment());
        List<Domain> domains = new ArrayList<>();
        for (int d : iopt.domains()) {
            Domain dom = state.domain(d);
            if (dom != null) {
                domains.add(dom);
            }
        }
        List<Range> ranges = new ArrayList<>();
        IovaWindow span = null;
        Set<String> used = new HashSet<>();

        for (IovaRange r : iopt.allowed().values()) {
            ranges.add(new Range("allowed-" + id + "-" + Unsigned.hex(r.first()), r.first(), r.last(), Band.ALLOWED, 0, List.of(),
                    "allowed " + IovaText.range(r.first(), r.last()) + "\nlength " + IovaText.lengthText(r.first(), r.last())
                            + "\n(IOMMU_IOAS_ALLOW_IOVAS: automatic IOVAs come only from allowed ranges)",
                    List.of("allowed")));
        }

        Map<List<Long>, List<ReservedOwner>> byRange = new LinkedHashMap<>();
        for (ReservedRange r : iopt.reserved()) {
            byRange.computeIfAbsent(List.of(r.start(), r.last()), k -> new ArrayList<>()).add(r.owner());
        }
        for (Map.Entry<List<Long>, List<ReservedOwner>> e : byRange.entrySet()) {
            long start = e.getKey().get(0);
            long last = e.getKey().get(1);
            List<ReservedOwner> owners = e.getValue();
            String rid = "reserved-" + id + "-" + Unsigned.hex(start);
            if (!used.add(rid)) {
                rid = rid + "-" + Unsigned.hex(last);
                used.add(rid);
            }
            List<String> classes = new ArrayList<>(List.of("reserved"));
            StringBuilder tip = new StringBuilder("reserved " + IovaText.range(start, last) + "\nlength " + IovaText.lengthText(start, last));
            for (ReservedOwner owner : owners) {
                String kind = ownerClass(owner);
                if (!classes.contains(kind)) {
                    classes.add(kind);
                }
                tip.append("\nowner ").append(owner.label()).append(ownerDetail(state, owner, start, last));
            }
            if (owners.stream().anyMatch(ow -> !(ow instanceof ReservedOwner.Domain))) {
                span = union(span, start, last);
            }
            ranges.add(new Range(rid, start, last, Band.LANE, 0, reservedLabel(state, owners, start, last), tip.toString(), classes));
        }

        // The areas stay in the state's tree: a bar walks those in its window (a long trace's IOAS holds tens of thousands).
        AreaRanges areas = new AreaRanges(id, iopt.areas());
        IovaWindow areaSpan = areas.span();
        if (areaSpan != null) {
            span = union(span, areaSpan.lo(), areaSpan.last());
        }

        for (int i = 0; i < domains.size(); i++) {
            Domain d = domains.get(i);
            ranges.add(new Range("aperture-" + id + "-" + d.id(), d.apertureStart(), d.apertureLast(), Band.APERTURE, i,
                    List.of("domain " + d.id() + " aperture", "domain " + d.id()),
                    "aperture of domain " + d.id() + " (" + d.iommu() + ")\n" + IovaText.range(d.apertureStart(), d.apertureLast())
                            + "\nlength " + IovaText.lengthText(d.apertureStart(), d.apertureLast()),
                    List.of("aperture")));
        }

        Long probe = null;
        boolean fault = false;
        List<Span> fills = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.AreaMapped m && m.ioas() == id) {
                fills.add(new Span(m.first(), m.last()));
            } else if (e instanceof Event.DmaTranslated t && iopt.domains().contains(t.domain())) {
                probe = t.iova();
                fault = false;
            } else if (e instanceof Event.DmaFaulted f && iopt.domains().contains(f.domain())) {
                probe = f.iova();
                fault = true;
            }
        }
        return new IoasModel(id, title, domains.size(), ranges, areas, span, probe, fault, fills, dirty(state, id));
    }

    /** The dirty runs of every hwpt_paging on this IOAS (iommufd_hwpt_get_dirty_bitmap() would report them), merged. */
    private static List<Span> dirty(State state, int ioasId) {
        Snapshot snap = new Snapshot(state);
        java.util.TreeMap<Long, Long> runs = new java.util.TreeMap<>(Long::compareUnsigned);
        for (IommufdObject o : state.objects().values()) {
            if (o instanceof HwptPaging p && p.ioas() == ioasId) {
                for (IovaRange r : snap.dirtyRuns(p.id())) {
                    runs.merge(r.first(), r.last(), Unsigned::max);
                }
            }
        }
        List<Span> out = new ArrayList<>();
        for (Map.Entry<Long, Long> r : runs.entrySet()) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && Long.compareUnsigned(r.getKey(), last.last() + 1) <= 0 && last.last() != -1L) {
                out.set(out.size() - 1, new Span(last.first(), Unsigned.max(last.last(), r.getValue())));
            } else {
                out.add(new Span(r.getKey(), r.getValue()));
            }
        }
        return out;
    }

    private static IovaWindow union(IovaWindow w, long first, long last) {
        return w == null ? new IovaWindow(first, last) : new IovaWindow(Unsigned.min(w.lo(), first), Unsigned.max(w.last(), last));
    }

    private static String ownerClass(ReservedOwner o) {
        if (o instanceof ReservedOwner.Device) {
            return "owner-device";
        }
        if (o instanceof ReservedOwner.Domain) {
            return "owner-domain";
        }
        return "owner-none";
    }

    /** The device region's type (msi, sw-msi, direct...) when the topology says which region this is. */
    private static String regionType(State state, ReservedOwner.Device dev, long start, long last) {
        PciDevice d = state.topology().devices().get(dev.name());
        if (d != null) {
            for (ReservedRegion r : d.reserved()) {
                if (r.start() == start && r.last() == last) {
                    return r.type().yamlName();
                }
            }
        }
        return null;
    }

    private static String ownerDetail(State state, ReservedOwner owner, long start, long last) {
        if (owner instanceof ReservedOwner.Device dev) {
            String type = regionType(state, dev, start, last);
            return type == null ? " (device reserved region)" : " (" + type + " region)";
        }
        if (owner instanceof ReservedOwner.Domain dom) {
            Domain d = state.domain(dom.id());
            return d == null ? " (outside its aperture)"
                    : " (outside its aperture " + IovaText.range(d.apertureStart(), d.apertureLast()) + ")";
        }
        return " (selftest add_reserved)";
    }

    /** The in-lane texts of a reserved segment, longest first. */
    private static List<String> reservedLabel(State state, List<ReservedOwner> owners, long start, long last) {
        ReservedOwner first = owners.get(0);
        String more = owners.size() > 1 ? " +" + (owners.size() - 1) : "";
        if (first instanceof ReservedOwner.Device dev) {
            String type = regionType(state, dev, start, last);
            String kind = type == null ? "reserved" : type;
            return List.of(kind + " · " + dev.name() + more, kind + more, kind);
        }
        if (first instanceof ReservedOwner.Domain dom) {
            return List.of("outside domain " + dom.id() + " aperture" + more, "domain " + dom.id() + more);
        }
        return List.of("reserved (owner none)" + more, "none" + more);
    }
}
