package org.iommuscope.app.ioas;

import java.util.List;
import java.util.function.Supplier;

/**
 * One IOAS as its bar draws it, read from a state by {@link IoasProjection}: the title, every range with where
 * it sits (the allowed band, the mapping lane, or a domain's aperture lane), what "Fit to mappings" frames,
 * and what the step did to it (a DMA probe's IOVA, new areas to fill in).
 *
 * @param apertureLanes one thin lane per attached domain, above the mapping lane
 * @param ranges        every range but the areas, in drawing order: allowed, reserved, apertures
 * @param areas         the areas, read from the state's area tree when drawn (not a range each)
 * @param mappingsSpan  the areas and the device (or owner-less) reserved ranges, or null when there are none
 * @param probe         the IOVA a DMA probe of the step used through this IOAS's domain, or null
 * @param fills         the areas the step mapped (they fill in from their first IOVA when animated)
 * @param dirty         the pages dirty in the domains of this IOAS's dirty-tracking hwpts (adjacent ones merged, in IOVA
 *                      order): lit until a get_dirty_bitmap without NO_CLEAR reads and clears them
 */
public record IoasModel(int ioasId, String title, int apertureLanes, List<Range> ranges, AreaRanges areas, IovaWindow mappingsSpan,
                        Long probe, boolean probeFault, List<Span> fills, List<Span> dirty) {

    public IoasModel {
        ranges = List.copyOf(ranges);
        fills = List.copyOf(fills);
        dirty = List.copyOf(dirty);
    }

    /** An IOAS the state no longer has: an empty bar that says so. */
    public static IoasModel destroyed(int ioasId) {
        return new IoasModel(ioasId, "ioas " + ioasId + " · destroyed", 0, List.of(), AreaRanges.none(), null, null, false, List.of(),
                List.of());
    }

    /** Every range with the areas among them, in drawing order (allowed, reserved, areas, apertures): a range per area. */
    public List<Range> allRanges() {
        List<Range> out = new java.util.ArrayList<>(ranges.size() + areas.size());
        for (Range r : ranges) {
            if (r.band() != Band.APERTURE) {
                out.add(r);
            }
        }
        out.addAll(areas.all());
        for (Range r : ranges) {
            if (r.band() == Band.APERTURE) {
                out.add(r);
            }
        }
        return out;
    }

    /** Where a range is drawn: the outline band around the lane, the lane itself, or aperture lane {@code n}. */
    public enum Band { ALLOWED, LANE, APERTURE }

    /**
     * One drawn range. Its label texts and tooltip are made when first asked for: a long trace's IOAS holds tens of
     * thousands of areas, of which the bar labels or hovers a few.
     *
     * @param id       the node id (`area-3-0x100000000`, see {@link IoasBar})
     * @param aperture the aperture lane's index when {@code band} is APERTURE
     * @param textsOf  the in-lane label, longest first (the longest that fits is drawn); empty for none
     * @param tipOf    the tooltip: exact range, length, owner
     * @param classes  the style classes after `segment`
     */
    public record Range(String id, long first, long last, Band band, int aperture, Supplier<List<String>> textsOf,
                        Supplier<String> tipOf, List<String> classes) {
        public Range {
            classes = List.copyOf(classes);
        }

        public Range(String id, long first, long last, Band band, int aperture, List<String> texts, String tip, List<String> classes) {
            this(id, first, last, band, aperture, constant(List.copyOf(texts)), constant(tip), classes);
        }

        /** The in-lane label's texts, longest first. */
        public List<String> texts() {
            return textsOf.get();
        }

        /** The tooltip's text. */
        public String tip() {
            return tipOf.get();
        }

        private static <T> Supplier<T> constant(T value) {
            return () -> value;
        }
    }

    /** An inclusive [first, last] IOVA range. */
    public record Span(long first, long last) {
    }
}
