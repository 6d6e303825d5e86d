package org.iommuscope.engine.sysfs;

/**
 * Something of a sysfs capture the import skipped or guessed, and why.
 *
 * @param where the group, device or file it concerns, as sysfs names it ("group 12", "0000:00:1f.0")
 */
public record ImportWarning(String where, String message) {
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
