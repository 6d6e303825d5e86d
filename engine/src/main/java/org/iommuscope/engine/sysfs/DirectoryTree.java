package org.iommuscope.engine.sysfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** The live /sys or a copy of it on disk. Links are read, never followed by the file system. */
public final class DirectoryTree implements SysfsTree {
    private final Path root;

    private DirectoryTree(Path root) {
        this.root = root;
    }

    /** {@code dir} is /sys (or a copy), or a directory holding sys/ (a capture unpacked as it was made). */
    static DirectoryTree open(Path dir) throws SysfsImportException {
        for (Path candidate : List.of(dir, dir.resolve("sys"))) {
            if (Files.isDirectory(candidate.resolve("kernel").resolve("iommu_groups"), LinkOption.NOFOLLOW_LINKS)) {
                return new DirectoryTree(candidate);
            }
        }
        throw new SysfsImportException(dir + ": no kernel/iommu_groups in it (give /sys, a copy of it, or a capture .tar)");
    }

    private Path at(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    @Override
    public Kind kind(String path) {
        try {
            BasicFileAttributes a = Files.readAttributes(at(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isSymbolicLink() ? Kind.LINK : a.isDirectory() ? Kind.DIRECTORY : a.isRegularFile() ? Kind.FILE : Kind.OTHER;
        } catch (IOException e) {
            return Kind.MISSING;
        }
    }

    @Override
    public List<String> list(String dir) throws IOException {
        try (Stream<Path> s = Files.list(at(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public String readLink(String path) throws IOException {
        return Files.readSymbolicLink(at(path)).toString();
    }

    @Override
    public String read(String path) throws IOException {
        Kind k = kind(path);
        if (k != Kind.FILE) {
            throw k == Kind.MISSING ? new java.nio.file.NoSuchFileException(path) : new IOException("not a file");
        }
        // sysfs reports every attribute as 4096 bytes long: read to the end instead of trusting the size.
        try (InputStream in = Files.newInputStream(at(path), LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes(MAX_ATTRIBUTE_BYTES + 1);
            if (b.length > MAX_ATTRIBUTE_BYTES) {
                throw new IOException("larger than " + MAX_ATTRIBUTE_BYTES + " bytes: not a sysfs attribute");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
