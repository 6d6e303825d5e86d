package org.iommuscope.vm.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * An initramfs: a gzipped cpio archive in the "newc" format the kernel unpacks into its root file system
 * (Documentation/driver-api/early-userspace/buffer-format.rst). Entries are written parents first, sorted, so
 * the same content gives the same archive.
 */
public final class Initramfs {
    private sealed interface Entry permits Dir, File, Link {
    }

    private record Dir() implements Entry {
    }

    private record File(byte[] content, boolean executable) implements Entry {
    }

    private record Link(String target) implements Entry {
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    public Initramfs directory(String path) {
        String p = clean(path);
        if (!p.isEmpty()) {
            parents(p);
            entries.putIfAbsent(p, new Dir());
        }
        return this;
    }

    public Initramfs file(String path, byte[] content, boolean executable) {
        String p = clean(path);
        parents(p);
        entries.put(p, new File(content.clone(), executable));
        return this;
    }

    public Initramfs file(String path, String text, boolean executable) {
        return file(path, text.getBytes(StandardCharsets.UTF_8), executable);
    }

    public Initramfs symlink(String path, String target) {
        String p = clean(path);
        parents(p);
        entries.put(p, new Link(target));
        return this;
    }

    private void parents(String p) {
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            directory(p.substring(0, slash));
        }
    }

    private static String clean(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.contains("..") || p.contains("//")) {
            throw new IllegalArgumentException("not a plain archive path: " + path);
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The archive's member names, in archive order. */
    public java.util.Set<String> names() {
        return entries.keySet();
    }

    public void write(Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out)) {
            write(os);
        }
    }

    public void write(OutputStream os) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(os, 1 << 16);
        CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(gz, CpioConstants.FORMAT_NEW);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            byte[] data;
            long mode;
            if (e.getValue() instanceof Dir) {
                data = new byte[0];
                mode = CpioConstants.C_ISDIR | 0755;
            } else if (e.getValue() instanceof File f) {
                data = f.content();
                mode = CpioConstants.C_ISREG | (f.executable() ? 0755 : 0644);
            } else {
                data = ((Link) e.getValue()).target().getBytes(StandardCharsets.UTF_8);
                mode = CpioConstants.C_ISLNK | 0777;
            }
            CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.getKey(), data.length);
            entry.setMode(mode);
            entry.setNumberOfLinks(e.getValue() instanceof Dir ? 2 : 1);
            entry.setTime(0);
            cpio.putArchiveEntry(entry);
            cpio.write(data);
            cpio.closeArchiveEntry();
        }
        cpio.finish();
        gz.finish();
        gz.flush();
    }
}
