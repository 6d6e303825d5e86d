package org.iommuscope.engine.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A read-only view of a sysfs capture: the live /sys, a copied directory tree, or a tar of one. Paths are
 * relative to the capture's sysfs root ("kernel/iommu_groups/12/type"), '/'-separated. An implementation
 * never follows a symbolic link itself: {@link SysfsPaths} resolves links lexically, inside the capture.
 */
public sealed interface SysfsTree permits DirectoryTree, TarTree {

    /** What a path is, without following a link at its end. */
    enum Kind { DIRECTORY, FILE, LINK, OTHER, MISSING }

    Kind kind(String path);

    /** The names in a directory, sorted. */
    List<String> list(String dir) throws IOException;

    /** A link's target text, as readlink(2) gives it. */
    String readLink(String path) throws IOException;

    /** A small attribute file's text (sysfs attributes are at most a page). */
    String read(String path) throws IOException;

    /** The largest attribute file read; sysfs never shows more than a page, a capture file larger is not sysfs. */
    int MAX_ATTRIBUTE_BYTES = 64 * 1024;

    /** A directory (copy or live /sys) or a .tar / .tar.gz / .tgz capture; warnings for tar entries skipped. */
    static SysfsTree open(Path source, Consumer<ImportWarning> warn) throws SysfsImportException {
        if (Files.isDirectory(source)) {
            return DirectoryTree.open(source);
        }
        if (Files.isRegularFile(source)) {
            return TarTree.read(source, warn);
        }
        throw new SysfsImportException(source + ": no such directory or capture file");
    }
}
