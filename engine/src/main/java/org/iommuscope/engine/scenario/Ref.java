package org.iommuscope.engine.scenario;

import java.util.regex.Pattern;

/**
 * Where a scenario names an object: a handle bound by an earlier step's {@code as}, or a raw object ID passed
 * through as-is (so a stale or zero ID gets the kernel's errno).
 *
 * @param handle the handle's name, or null for a raw ID
 * @param rawId  the raw ID when {@code handle} is null
 */
public record Ref(String handle, long rawId) {

    /** The format's handle names. */
    public static final Pattern HANDLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public static Ref handle(String name) {
        return new Ref(name, 0);
    }

    public static Ref raw(long id) {
        return new Ref(null, id);
    }

    public boolean isHandle() {
        return handle != null;
    }

    /** As written in a file: the handle's name, or the ID in decimal. */
    @Override
    public String toString() {
        return handle != null ? handle : Long.toUnsignedString(rawId);
    }
}
