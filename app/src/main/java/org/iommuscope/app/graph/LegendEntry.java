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

    /**
     * Entries for what only some scenarios draw (PASID attachments, dirty tracking, fault queues, RMRR groups, the
     * vIOMMU objects): a legend lists one only when its picture has it, so the seed's legend stays as it was.
     */
    public static final List<LegendEntry> OPTIONAL = List.of(
            box("dirty-tracking hwpt", "hwpt", "dirty"), box("fault queue", "fault"), box("RMRR group (not assignable)", "group", "rmrr"),
            box("viommu", "viommu"), box("vdevice", "vdevice"), box("veventq", "veventq"), box("hw_queue", "hw-queue"),
            line("attached at a PASID", "pasid"), line("page requests to", "fault-queue"), line("vdevice of", "vdevice-of"),
            line("on the viommu", "on-viommu"));

    /**
     * The legend of a picture whose nodes and edges carry these class sets ({@link GraphLayout#styles()}): every
     * entry of {@link #ALL}, then each {@link #OPTIONAL} one some node or edge matches.
     */
    public static List<LegendEntry> shown(java.util.Collection<java.util.Set<String>> styles) {
        List<LegendEntry> out = new java.util.ArrayList<>(ALL);
        for (LegendEntry e : OPTIONAL) {
            String what = e.line() ? "edge" : "node";
            if (styles.stream().anyMatch(s -> s.contains(what) && s.containsAll(e.classes()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static LegendEntry box(String text, String... classes) {
        return new LegendEntry(text, false, List.of(classes));
    }

    private static LegendEntry line(String text, String... classes) {
        return new LegendEntry(text, true, List.of(classes));
    }
}
