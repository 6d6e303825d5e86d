package org.iommuscope.engine.sysfs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path resolution inside a capture, the way the kernel's path walk would do it on the machine the capture
 * came from, but lexically: a link is read and its target joined to the link's directory, and nothing may
 * leave the capture. sysfs links are relative ("../../../../devices/pci0000:00/0000:00:1f.0"); an absolute
 * target under /sys is taken as the same place in the capture.
 */
final class SysfsPaths {
    /** MAXSYMLINKS: the kernel gives ELOOP after 40 links in one walk. */
    static final int MAX_LINKS = 40;

    private SysfsPaths() {
    }

    /** The outcome of a walk: the link-free path, or why there is none. */
    record Resolved(String path, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** {@code target} joined to directory {@code dir} and normalized; null when it climbs out of the capture. */
    static String normalize(String dir, String target) {
        String t = target;
        if (t.startsWith("/")) {
            // An absolute target names the capturing machine's file system: only /sys is in the capture.
            if (!t.equals("/sys") && !t.startsWith("/sys/")) {
                return null;
            }
            t = t.substring(4);
            dir = "";
        }
        Deque<String> parts = new ArrayDeque<>();
        if (!dir.isEmpty()) {
            for (String p : dir.split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : t.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** A tar member's path in the archive; a leading slash (tar -P) is dropped as tar does; null when it climbs out. */
    static String entryName(String name) {
        String n = name;
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return normalize("", n);
    }

    /** Follows every link on the way to {@code path}, components and end alike. */
    static Resolved resolve(SysfsTree tree, String path) {
        String done = "";
        Deque<String> todo = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                todo.addLast(p);
            }
        }
        int links = 0;
        while (!todo.isEmpty()) {
            String p = todo.removeFirst();
            if (p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (done.isEmpty()) {
                    return new Resolved(null, "climbs out of the capture");
                }
                int slash = done.lastIndexOf('/');
                done = slash < 0 ? "" : done.substring(0, slash);
                continue;
            }
            String next = done.isEmpty() ? p : done + "/" + p;
            SysfsTree.Kind kind = tree.kind(next);
            if (kind == SysfsTree.Kind.LINK) {
                if (++links > MAX_LINKS) {
                    return new Resolved(null, "too many levels of links");
                }
                String target;
                try {
                    target = tree.readLink(next);
                } catch (java.io.IOException e) {
                    return new Resolved(null, "unreadable link (" + e.getMessage() + ")");
                }
                String joined = normalize(done, target);
                if (joined == null) {
                    return new Resolved(null, "links to " + target + ", outside the capture");
                }
                // Walk the target from the root again, so links inside it are followed too.
                Deque<String> rest = new ArrayDeque<>();
                for (String q : joined.split("/")) {
                    if (!q.isEmpty()) {
                        rest.addLast(q);
                    }
                }
                rest.addAll(todo);
                todo = rest;
                done = "";
            } else if (kind == SysfsTree.Kind.MISSING) {
                return new Resolved(null, "missing (" + next + ")");
            } else {
                done = next;
            }
        }
        return new Resolved(done, null);
    }

    /** The last component of a link target: a driver's or an IOMMU unit's name. */
    static String lastComponent(String target) {
        String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        return t.substring(t.lastIndexOf('/') + 1);
    }
}
