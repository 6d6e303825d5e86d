package org.iommuscope.app.graph;

import org.iommuscope.app.graph.GraphModel.Kind;

/**
 * Which object a canvas node stands for, as a value: its kind and its number (an iommu_group's, an iommufd
 * object's ID) or its name (a PCI device's BDF). The scene's CSS id ({@link #css()}, `hwpt-6`) is made from
 * it and never parsed back.
 *
 * @param number the group ID (groups and their core domains) or the iommufd object ID; 0 for a device
 * @param name   the device's BDF, "blocking" or "default" for a core domain; empty otherwise
 */
public record NodeId(Kind kind, long number, String name) {

    public NodeId {
        name = name == null ? "" : name;
    }

    public static NodeId group(int group) {
        return new NodeId(Kind.GROUP, group, "");
    }

    public static NodeId device(String bdf) {
        return new NodeId(Kind.DEVICE, 0, bdf);
    }

    /** A group's blocking or default domain, when the group is on one. */
    public static NodeId coreDomain(int group, boolean blocking) {
        return new NodeId(Kind.CORE_DOMAIN, group, blocking ? "blocking" : "default");
    }

    public static NodeId idev(long id) {
        return new NodeId(Kind.IDEV, id, "");
    }

    public static NodeId hwptPaging(long id) {
        return new NodeId(Kind.HWPT_PAGING, id, "");
    }

    public static NodeId hwptNested(long id) {
        return new NodeId(Kind.HWPT_NESTED, id, "");
    }

    public static NodeId fault(long id) {
        return new NodeId(Kind.FAULT, id, "");
    }

    public static NodeId viommu(long id) {
        return new NodeId(Kind.VIOMMU, id, "");
    }

    public static NodeId vdevice(long id) {
        return new NodeId(Kind.VDEVICE, id, "");
    }

    public static NodeId veventq(long id) {
        return new NodeId(Kind.VEVENTQ, id, "");
    }

    public static NodeId hwQueue(long id) {
        return new NodeId(Kind.HW_QUEUE, id, "");
    }

    public static NodeId ioas(long id) {
        return new NodeId(Kind.IOAS, id, "");
    }

    /** Whether it is an iommufd object (idev, hwpt, IOAS, fault): what a clicked op names by ID. */
    public boolean isObject() {
        return kind == Kind.IDEV || isHwpt() || kind == Kind.IOAS || kind == Kind.FAULT || kind == Kind.VIOMMU || kind == Kind.VDEVICE
                || kind == Kind.VEVENTQ || kind == Kind.HW_QUEUE || kind == Kind.ACCESS;
    }

    public boolean isHwpt() {
        return kind == Kind.HWPT_PAGING || kind == Kind.HWPT_NESTED;
    }

    /** The node's id in the scene and in exports: `group-26`, `dev-0000-06-0d-0`, `blocking-26`, `idev-2`, `hwpt-6`, `ioas-3`. */
    public String css() {
        return switch (kind) {
            case GROUP -> "group-" + number;
            case DEVICE -> "dev-" + name.replaceAll("[^A-Za-z0-9_-]", "-");
            case CORE_DOMAIN -> name + "-" + number;
            case IDEV -> "idev-" + number;
            case HWPT_PAGING, HWPT_NESTED -> "hwpt-" + number;
            case IOAS -> "ioas-" + number;
            case FAULT -> "fault-" + number;
            case VIOMMU -> "viommu-" + number;
            case VDEVICE -> "vdevice-" + number;
            case VEVENTQ -> "veventq-" + number;
            case HW_QUEUE -> "hw-queue-" + number;
            case ACCESS -> "access-" + number;
        };
    }

    @Override
    public String toString() {
        return css();
    }
}
