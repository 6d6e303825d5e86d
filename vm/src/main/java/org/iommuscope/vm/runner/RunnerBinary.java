package org.iommuscope.vm.runner;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iommuscope.vm.VmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner program, compiled from the C source this jar carries with the system's {@code gcc -static} (the VM
 * has no C library), once per source version: the binary is cached under the user's cache directory, keyed by
 * the sources' SHA-256.
 */
public final class RunnerBinary {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerBinary.class);
    static final List<String> SOURCES = List.of("runner.c", "uapi.h");
    static final String NAME = "iommuscope-runner";

    private RunnerBinary() {
    }

    /** The source files' text, as the jar carries them. */
    static byte[] source(String name) {
        try (InputStream in = RunnerBinary.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the runner's source " + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sources' hash: the cache key. */
    public static String sourceHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : SOURCES) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update(source(s));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user's cache directory for iommuscope: $XDG_CACHE_HOME/iommuscope or ~/.cache/iommuscope. */
    public static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("iommuscope");
    }

    /** The runner, compiled now unless the cache has this source version. */
    public static Path get() throws VmException {
        return get(cacheDir(), compiler());
    }

    static Path get(Path cache, String cc) throws VmException {
        Path dir = cache.resolve("runner").resolve(sourceHash());
        Path bin = dir.resolve(NAME);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        try {
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory(dir, "build");
            try {
                for (String s : SOURCES) {
                    Files.write(work.resolve(s), source(s));
                }
                compile(cc, work);
                try {
                    Files.move(work.resolve(NAME), bin, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(work.resolve(NAME), bin, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new VmException("cannot build the runner in " + dir + ": " + e.getMessage());
        }
        LOG.debug("runner compiled: {}", bin);
        return bin;
    }

    /** $CC, else gcc; a clear error when there is none. */
    static String compiler() throws VmException {
        return compiler(System.getenv("CC"), System.getenv("PATH"));
    }

    static String compiler(String cc, String path) throws VmException {
        String name = cc != null && !cc.isBlank() ? cc.strip() : "gcc";
        if (name.contains("/") ? Files.isExecutable(Path.of(name)) : onPath(name, path)) {
            return name;
        }
        throw new VmException("the runner is C, compiled here with '" + name + " -static', and there is no " + name
                + " on the PATH (Debian/Ubuntu: apt-get install gcc libc6-dev; Fedora: dnf install gcc glibc-static)");
    }

    private static boolean onPath(String name, String path) {
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static void compile(String cc, Path work) throws VmException, IOException {
        List<String> cmd = new ArrayList<>(List.of(cc, "-static", "-O2", "-Wall", "-o", NAME, "runner.c"));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        String log;
        try (InputStream in = p.getInputStream()) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VmException("'" + String.join(" ", cmd) + "' did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while compiling the runner");
        }
        if (p.exitValue() != 0 || !Files.isExecutable(work.resolve(NAME))) {
            String hint = log.contains("cannot find -lc") ? " (the static C library is missing: Debian/Ubuntu libc6-dev, Fedora glibc-static)" : "";
            throw new VmException("'" + String.join(" ", cmd) + "' failed" + hint + ":\n" + log.strip());
        }
        if (!log.isBlank()) {
            LOG.debug("runner compiler output:\n{}", log);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
