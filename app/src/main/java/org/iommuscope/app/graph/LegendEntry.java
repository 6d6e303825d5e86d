package org.iommuscope.app.graph;

import java.util.List;

/**
 * One entry of the legend: a box swatch or an edge line, drawn with the canvas's own style classes. The
 * window's legend strip and the exported pictures draw this one list, so they cannot disagree.
 *
 * @param line true for an edge sample, false for a node swatch
 */
public record LegendEntry(String text, boolean line, List<String> classes) {

    public static final List<LegendEntry> ALL = List.of(
            box("device", "device"), box("idev", "idev"), box("hwpt_paging (manual)", "hwpt", "manual"),
            box("hwpt_paging (auto)", "hwpt", "auto"), box("hwpt_nested", "hwpt", "nested"), box("ioas", "ioas"),
            box("blocking domain", "domain", "blocking"), box("diverged idev", "idev", "diverged"), box("implicit idev", "idev", "implicit"),
            line("attached (kernel)", "attached"), line("group's real domain", "group-domain"),
            line("recorded by user space", "recorded", "diverged"));

    private static LegendEntry box(String text, String... classes) {
        return new LegendEntry(text, false, List.of(classes));
    }

    private static LegendEntry line(String text, String... classes) {
        return new LegendEntry(text, true, List.of(classes));
    }
}
