package org.iommuscope.app.graph;

import org.iommuscope.engine.Event;

/** Which canvas node ids an event concerns: clicking a node filters the log to the steps that touched it. */
public final class EventTouch {
    private EventTouch() {
    }

    public static boolean touches(Event e, String nodeId) {
        if (nodeId == null) {
            return true;
        }
        int dash = nodeId.lastIndexOf('-');
        String kind = nodeId.substring(0, Math.max(0, dash));
        String num = nodeId.substring(dash + 1);
        int id;
        try {
            id = Integer.parseInt(num);
        } catch (NumberFormatException nfe) {
            return e.describe().contains(num);
        }
        if (e instanceof Event.ObjectCreated c) {
            return c.id() == id && !kind.equals("group");
        }
        if (e instanceof Event.ObjectDestroyed d) {
            return d.id() == id && !kind.equals("group");
        }
        if (e instanceof Event.RefcountChanged r) {
            return r.id() == id && !kind.equals("group");
        }
        if (e instanceof Event.GroupDomainChanged g) {
            return kind.equals("group") && g.group() == id;
        }
        if (e instanceof Event.OwnershipChanged o) {
            return kind.equals("group") && o.group() == id;
        }
        if (e instanceof Event.DeviceAttached a) {
            return kind.equals("idev") ? a.idev() == id : kind.equals("hwpt") && a.hwpt() == id;
        }
        if (e instanceof Event.DeviceDetached a) {
            return kind.equals("idev") ? a.idev() == id : kind.equals("hwpt") && a.hwpt() == id;
        }
        if (e instanceof Event.ReplaceNop n) {
            return kind.equals("idev") ? n.idev() == id : kind.equals("hwpt") && n.hwpt() == id;
        }
        if (e instanceof Event.RecordChanged r) {
            return kind.equals("idev") ? r.idev() == id : kind.equals("hwpt") && r.hwpt() == id;
        }
        if (e instanceof Event.AreaMapped m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        if (e instanceof Event.AreaUnmapped m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        if (e instanceof Event.ReservedAdded m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        if (e instanceof Event.ReservedRemoved m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        if (e instanceof Event.AllowedSet m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        if (e instanceof Event.DomainAddedToIoas m) {
            return kind.equals("ioas") && m.ioas() == id;
        }
        return false;
    }
}
