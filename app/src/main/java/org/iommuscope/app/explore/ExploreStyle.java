package org.iommuscope.app.explore;

/**
 * The Explore view's GraphStream stylesheet, inline (GraphStream resolves stylesheet URLs badly). One class
 * per node, since with several GraphStream styles by the first only. Colours follow the main canvas: red
 * for a kernel driver holding DMA, green for vfio-pci, grey for a device nobody claims.
 */
final class ExploreStyle {
    private ExploreStyle() {
    }

    static final String CSS = """
            graph { fill-color: #fafbfc; padding: 60px; }
            node { size: 8px; fill-color: #6b7a8f; stroke-mode: plain; stroke-color: #ffffff; stroke-width: 1px;
                   text-size: 11; text-color: #2b2f36; text-alignment: under; text-background-mode: rounded-box;
                   text-background-color: #ffffffcc; text-padding: 2px; text-visibility-mode: under-zoom; text-visibility: 0.3; }
            node.iommu { shape: rounded-box; size-mode: fit; padding: 6px, 4px; fill-color: #35507f; text-size: 13; text-style: bold;
                         text-visibility-mode: normal; text-alignment: center; text-color: #ffffff; text-background-mode: none; }
            node.iommu_collapsed { shape: rounded-box; size-mode: fit; padding: 8px, 6px; fill-color: #35507f; stroke-color: #f0ad4e;
                         stroke-width: 3px; text-size: 13; text-style: bold; text-visibility-mode: normal; text-alignment: center;
                         text-color: #ffffff; text-background-mode: none; }
            node.group { size: 13px; fill-color: #8fa6c8; }
            node.group_notviable { size: 13px; fill-color: #e07b6f; }
            node.group_collapsed { shape: diamond; size: 18px; fill-color: #8fa6c8; stroke-color: #35507f; }
            node.group_collapsed_notviable { shape: diamond; size: 18px; fill-color: #e07b6f; stroke-color: #8b2c22; }
            node.device_vfio { size: 7px; fill-color: #3c9a5f; }
            node.device_kernel { size: 7px; fill-color: #c9302c; }
            node.device_idle { size: 7px; fill-color: #a8adb5; }
            node:selected { stroke-mode: plain; stroke-color: #f08c00; stroke-width: 4px; size: 16px; text-visibility-mode: normal;
                            text-style: bold; z-index: 10; }
            edge { fill-color: #c5cbd5; size: 1px; }
            """;

    /** A machine small enough to read whole shows every label, not only when zoomed in. */
    static final String SMALL = "node { text-visibility-mode: normal; }";

    /** Up to this many devices, every label shows. */
    static final int SMALL_DEVICES = 80;
}
