package org.iommuscope.app.graph;

import org.iommuscope.app.graph.GraphModel.Kind;
import org.iommuscope.engine.Event;

/** Which canvas objects an event concerns: clicking a node filters the log to the steps that touched it. */
public final class EventTouch {
    private EventTouch() {
    }

    /** Whether {@code e} touched the object {@code node} stands for; every event touches "no selection" (null). */
    public static boolean touches(Event e, NodeId node) {
        if (node == null) {
            return true;
        }
        long id = node.number();
        Kind kind = node.kind();
        boolean group = kind == Kind.GROUP;
        boolean idev = kind == Kind.IDEV;
        boolean hwpt = node.isHwpt();
        boolean ioas = kind == Kind.IOAS;
        if (kind == Kind.DEVICE || kind == Kind.CORE_DOMAIN) {
            // The engine's events name iommu_groups and iommufd objects: a device's or a core domain's changes
            // are its group's.
            return false;
        }
        if (e instanceof Event.ObjectCreated c) {
            return !group && c.id() == id;
        }
        if (e instanceof Event.ObjectDestroyed d) {
            return !group && d.id() == id;
        }
        if (e instanceof Event.RefcountChanged r) {
            return !group && r.id() == id;
        }
        if (e instanceof Event.GroupDomainChanged g) {
            return group && g.group() == id;
        }
        if (e instanceof Event.OwnershipChanged o) {
            return group && o.group() == id;
        }
        if (e instanceof Event.DeviceAttached a) {
            return idev ? a.idev() == id : hwpt && a.hwpt() == id;
        }
        if (e instanceof Event.DeviceDetached a) {
            return idev ? a.idev() == id : hwpt && a.hwpt() == id;
        }
        if (e instanceof Event.ReplaceNop n) {
            return idev ? n.idev() == id : hwpt && n.hwpt() == id;
        }
        if (e instanceof Event.RecordChanged r) {
            return idev ? r.idev() == id : hwpt && r.hwpt() == id;
        }
        if (e instanceof Event.AreaMapped m) {
            return ioas && m.ioas() == id;
        }
        if (e instanceof Event.AreaUnmapped m) {
            return ioas && m.ioas() == id;
        }
        if (e instanceof Event.ReservedAdded m) {
            return ioas && m.ioas() == id;
        }
        if (e instanceof Event.ReservedRemoved m) {
            return ioas && m.ioas() == id;
        }
        if (e instanceof Event.AllowedSet m) {
            return ioas && m.ioas() == id;
        }
        if (e instanceof Event.DomainAddedToIoas m) {
            return ioas && m.ioas() == id;
        }
        return false;
    }
}
