package org.iommuscope.engine.sysfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A capture sent as a tar (optionally gzipped), held in memory: only directories, symbolic links and small
 * files. Nothing is extracted, so an entry can never write or point outside the capture; entries whose
 * names escape it are refused with a warning.
 */
public final class TarTree implements SysfsTree {
    private static final String GROUPS = "kernel/iommu_groups";

    private sealed interface Entry permits Dir, File, Link, Other {
    }

    private record Dir() implements Entry {
    }

    private record File(byte[] content, boolean truncated) implements Entry {
    }

    private record Link(String target) implements Entry {
    }

    private record Other() implements Entry {
    }

    private final String name;
    private final Map<String, Entry> entries;
    private final Map<String, TreeSet<String>> children = new HashMap<>();

    private TarTree(String name, Map<String, Entry> entries) {
        this.name = name;
        this.entries = entries;
        for (String path : entries.keySet()) {
            addParents(path);
        }
    }

    private void addParents(String path) {
        String child = path;
        while (!child.isEmpty()) {
            int slash = child.lastIndexOf('/');
            String parent = slash < 0 ? "" : child.substring(0, slash);
            boolean known = children.containsKey(parent);
            children.computeIfAbsent(parent, k -> new TreeSet<>()).add(child.substring(slash + 1));
            if (known) {
                return;
            }
            child = parent;
        }
    }

    static TarTree read(Path file, Consumer<ImportWarning> warn) throws SysfsImportException {
        String where = file.getFileName().toString();
        Map<String, Entry> raw = new HashMap<>();
        try (InputStream in = decompressed(new BufferedInputStream(Files.newInputStream(file)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = SysfsPaths.entryName(e.getName());
                if (path == null) {
                    warn.accept(new ImportWarning(where, "tar entry '" + e.getName() + "' escapes the capture: skipped"));
                    continue;
                }
                if (path.isEmpty()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    raw.put(path, new Link(e.getLinkName()));
                } else if (e.isDirectory()) {
                    raw.putIfAbsent(path, new Dir());
                } else if (e.isFile() && !e.isLink()) {
                    byte[] content = tar.readNBytes(MAX_ATTRIBUTE_BYTES);
                    raw.put(path, new File(content, e.getSize() > MAX_ATTRIBUTE_BYTES));
                } else if (e.isLink()) {
                    // A hard link names an earlier entry of the same archive.
                    String target = SysfsPaths.entryName(e.getLinkName());
                    Entry same = target == null ? null : raw.get(target);
                    if (same == null) {
                        warn.accept(new ImportWarning(where, "tar entry '" + e.getName() + "' is a hard link to a missing entry: skipped"));
                    } else {
                        raw.put(path, same);
                    }
                } else {
                    raw.put(path, new Other());
                }
            }
        } catch (IOException | RuntimeException ex) {
            // commons-compress reports a corrupt header as IllegalArgumentException: both mean "not a tar".
            throw new SysfsImportException(where + ": not a readable tar capture (" + ex.getMessage() + ")", ex);
        }
        String prefix = rootOf(raw.keySet());
        if (prefix == null) {
            throw new SysfsImportException(where + ": no kernel/iommu_groups in the archive (was it made from /sys?)");
        }
        Map<String, Entry> rebased = new HashMap<>();
        raw.forEach((path, entry) -> {
            if (prefix.isEmpty()) {
                rebased.put(path, entry);
            } else if (path.startsWith(prefix + "/")) {
                rebased.put(path.substring(prefix.length() + 1), entry);
            }
        });
        return new TarTree(where, rebased);
    }

    private static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(in) : in;
    }

    /** The directory of the archive that plays /sys: the one holding kernel/iommu_groups ("sys", "", "tmp/x/sys"). */
    private static String rootOf(Iterable<String> paths) {
        String best = null;
        for (String p : paths) {
            int at = p.equals(GROUPS) || p.startsWith(GROUPS + "/") ? 0 : p.indexOf("/" + GROUPS);
            if (at < 0 || (at > 0 && !p.startsWith(GROUPS, at + 1))) {
                continue;
            }
            String prefix = at == 0 ? "" : p.substring(0, at);
            int end = at == 0 ? GROUPS.length() : at + 1 + GROUPS.length();
            if (end < p.length() && p.charAt(end) != '/') {
                continue;
            }
            if (best == null || prefix.length() < best.length()) {
                best = prefix;
            }
        }
        return best;
    }

    @Override
    public Kind kind(String path) {
        Entry e = entries.get(path);
        if (e == null) {
            return children.containsKey(path) ? Kind.DIRECTORY : Kind.MISSING;
        }
        return e instanceof Dir ? Kind.DIRECTORY : e instanceof File ? Kind.FILE : e instanceof Link ? Kind.LINK : Kind.OTHER;
    }

    @Override
    public List<String> list(String dir) throws IOException {
        if (kind(dir) != Kind.DIRECTORY) {
            throw new IOException("not a directory");
        }
        return new ArrayList<>(children.getOrDefault(dir, new TreeSet<>()));
    }

    @Override
    public String readLink(String path) throws IOException {
        if (entries.get(path) instanceof Link l) {
            return l.target();
        }
        throw new IOException("not a link");
    }

    @Override
    public String read(String path) throws IOException {
        if (entries.get(path) instanceof File f) {
            if (f.truncated()) {
                throw new IOException("larger than " + MAX_ATTRIBUTE_BYTES + " bytes: not a sysfs attribute");
            }
            return new String(f.content(), StandardCharsets.UTF_8);
        }
        throw new IOException(kind(path) == Kind.MISSING ? "missing from the capture" : "not a file");
    }

    @Override
    public String toString() {
        return name;
    }
}
