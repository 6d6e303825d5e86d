package org.iommuscope.app.ioas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.Area;

/**
 * The areas of one IOAS as the bar draws them, read straight from the io_pagetable's area tree (the state's own,
 * shared with every other step): a long trace's IOAS holds tens of thousands of areas, of which a bar draws those
 * in its window and labels or hovers a few. A {@link IoasModel.Range} is made only for an area asked for.
 */
public final class AreaRanges {
    private static final AreaRanges NONE = new AreaRanges(0, new java.util.TreeMap<>(Unsigned.ORDER));

    private final int ioasId;
    private final NavigableMap<Long, Area> byIova;
    private final Map<String, List<String>> classesByPerm = new HashMap<>();
    private Prot lastProt;
    /** How many ranges were made from areas: a bar makes them only for areas it labels, boxes or hovers. */
    private int made;
    private int visited;
    private List<String> lastClasses;

    /** The areas of IOAS {@code ioasId} by first IOVA (compared unsigned, as the kernel's interval tree orders them). */
    public AreaRanges(int ioasId, NavigableMap<Long, Area> byIova) {
        this.ioasId = ioasId;
        this.byIova = byIova;
    }

    /** No areas. */
    public static AreaRanges none() {
        return NONE;
    }

    public int size() {
        return byIova.size();
    }

    public boolean isEmpty() {
        return byIova.isEmpty();
    }

    /** The lowest first IOVA and the highest last IOVA of the areas, or null when there are none. */
    public IovaWindow span() {
        return byIova.isEmpty() ? null : new IovaWindow(byIova.firstKey(), byIova.lastEntry().getValue().last());
    }

    /** What a walk over the areas is told of each: its range and style classes; false stops the walk. */
    @FunctionalInterface
    public interface Sink {
        boolean area(long first, long last, List<String> classes);
    }

    /**
     * Tells {@code sink} of the areas intersecting [first, last], in IOVA order, until it returns false (areas never
     * overlap: the one holding {@code first} starts at or before it). No object is made per area.
     */
    public void walk(long first, long last, Sink sink) {
        for (Area a : intersecting(first, last).values()) {
            if (!sink.area(a.iova(), a.last(), classes(a))) {
                return;
            }
        }
    }

    /** What a walk over the pixel columns is told of each area it draws: the columns it is the first to reach. */
    @FunctionalInterface
    public interface ColumnSink {
        void area(long first, long last, List<String> classes, int fromColumn, int toColumn);
    }

    /**
     * Tells {@code sink} of the first area (in IOVA order) to have a byte in each pixel column of {@code columns}'
     * window, with the run of columns it is the first to reach. A column's other areas are jumped over by one lookup
     * in the tree, so a walk visits at most one area per column however many the window holds; an area drawn wider
     * than a column is always among those visited.
     */
    void walkColumns(PixelColumns columns, ColumnSink sink) {
        IovaWindow w = columns.window();
        int lastColumn = columns.last();
        int reached = -1;
        long from = w.lo();
        while (true) {
            Area a = holdingOrAfter(from);
            if (a == null || Unsigned.gt(a.iova(), w.last())) {
                return;
            }
            visited++;
            int to = columns.ofClipped(a.iova(), a.last(), false);
            sink.area(a.iova(), a.last(), classes(a), Math.max(columns.ofClipped(a.iova(), a.last(), true), reached + 1), to);
            reached = to;
            if (reached >= lastColumn || Unsigned.ge(a.last(), w.last())) {
                return;
            }
            // The next area to reach a new column holds that column's first byte, or starts after it.
            from = Unsigned.max(a.last() + 1, columns.firstIn(reached + 1));
        }
    }

    /** The area drawn in pixel column {@code c} by {@link #walkColumns}: the first with a byte in it, or null. */
    Area firstInColumn(PixelColumns columns, int c) {
        if (c < 0 || c > columns.last()) {
            return null;
        }
        Area a = holdingOrAfter(columns.firstIn(c));
        return a != null && Unsigned.ge(columns.window().last(), a.iova()) && columns.ofClipped(a.iova(), a.last(), true) <= c ? a : null;
    }

    /** How many areas have a byte in [first, last]: two descents of the tree. */
    int countIn(long first, long last) {
        return intersecting(first, last).size();
    }

    /** The areas with a byte in [first, last], by first IOVA: from the one holding {@code first}, if any. */
    private NavigableMap<Long, Area> intersecting(long first, long last) {
        Map.Entry<Long, Area> f = byIova.floorEntry(first);
        long from = f != null && Unsigned.ge(f.getValue().last(), first) ? f.getKey() : first;
        return Unsigned.gt(from, last) ? java.util.Collections.emptyNavigableMap() : byIova.subMap(from, true, last, true);
    }

    /** The area holding {@code iova}, else the first starting after it, or null. */
    private Area holdingOrAfter(long iova) {
        Map.Entry<Long, Area> f = byIova.floorEntry(iova);
        if (f != null && Unsigned.ge(f.getValue().last(), iova)) {
            return f.getValue();
        }
        Map.Entry<Long, Area> h = byIova.higherEntry(iova);
        return h == null ? null : h.getValue();
    }

    /** How many areas column walks have visited (tests read it). */
    int areasVisited() {
        return visited;
    }

    /** The range of the area starting at {@code first}, or null when none does. */
    public IoasModel.Range startingAt(long first) {
        Area a = byIova.get(first);
        return a == null ? null : range(a);
    }

    /** The area starting at or below {@code iova} nearest it, or null. */
    Area floor(long iova) {
        Map.Entry<Long, Area> e = byIova.floorEntry(iova);
        return e == null ? null : e.getValue();
    }

    /** The area starting above {@code iova} nearest it, or null. */
    Area higher(long iova) {
        Map.Entry<Long, Area> e = byIova.higherEntry(iova);
        return e == null ? null : e.getValue();
    }

    /** The style classes after `segment` of an area of this permission (one list per permission, shared). */
    private List<String> classes(Area a) {
        // Neighbouring areas mostly share a permission: the walk over a long trace's IOAS asks this for each.
        if (!a.prot().equals(lastProt)) {
            lastProt = a.prot();
            lastClasses = classesByPerm.computeIfAbsent(lastProt.toString(), p -> List.of("area", "perm-" + p));
        }
        return lastClasses;
    }

    /** The drawn range of one area: its node id, its label texts and tooltip, made when asked for. */
    IoasModel.Range range(Area a) {
        made++;
        String perm = a.prot().toString();
        return new IoasModel.Range(id(a), a.iova(), a.last(), IoasModel.Band.LANE, 0,
                () -> texts(a, perm), () -> tip(a, perm), classes(a));
    }

    /** The node id of an area's box: {@code area-<ioas>-<hex first IOVA>}. */
    private String id(Area a) {
        return "area-" + ioasId + "-" + Unsigned.hex(a.iova());
    }

    /** How many ranges have been made of these areas (tests read it). */
    int rangesMade() {
        return made;
    }

    /** Every area as a range, in IOVA order: for a short bar, which draws each as a node. */
    public List<IoasModel.Range> all() {
        return byIova.values().stream().map(this::range).toList();
    }

    private static List<String> texts(Area a, String perm) {
        String size = IovaText.size(IovaText.length(a.iova(), a.last()));
        return List.of(perm + " · " + size, size, perm);
    }

    private static String tip(Area a, String perm) {
        return "area " + IovaText.range(a.iova(), a.last()) + "\nlength " + IovaText.lengthText(a.iova(), a.last())
                + "\nperm " + perm + "\nuser va " + Unsigned.hex(a.userVa())
                + (a.pagesWritable() ? "" : "\npages pinned read-only");
    }
}
