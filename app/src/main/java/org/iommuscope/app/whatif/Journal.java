package org.iommuscope.app.whatif;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;
import org.iommuscope.engine.scenario.ScenarioWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autosave of a what-if session: after every change the whole branch tree is rewritten atomically (see
 * {@link AtomicFile}), so a crash or a kill loses nothing clicked. One file per running process
 * ({@code session-PID-N.journal}); a clean exit deletes it, so a journal whose process is gone is unsaved work
 * that the next start offers to recover. Opening another scenario keeps the journal of a session with
 * clicked work, so that work is offered back at the next start too.
 *
 * <p>The file is the scenario format with a few comment lines: a header (current branch, viewed step), then
 * each branch as a complete scenario behind a {@code # branch:} line, so any part of it can be opened alone.
 */
public final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** Tests and users can point the journal elsewhere. */
    public static final String DIR_PROPERTY = "iommuscope.journal.dir";
    private static final String HEADER = "# iommuscope what-if journal, format 1";
    private static final String BRANCH = "# branch: ";

    private final Path file;

    private Journal(Path file) {
        this.file = file;
    }

    private static final java.util.concurrent.atomic.AtomicInteger SESSIONS = new java.util.concurrent.atomic.AtomicInteger();

    /** A new journal of this process in {@code dir} (one per session: opening another file keeps the last one's). */
    public static Journal create(Path dir) {
        return new Journal(dir.resolve("session-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet() + ".journal"));
    }

    public Path file() {
        return file;
    }

    /** The per-user data directory: XDG_DATA_HOME on Linux, Application Support on macOS, LOCALAPPDATA on Windows. */
    public static Path defaultDir() {
        String forced = System.getProperty(DIR_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced);
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") && System.getenv("LOCALAPPDATA") != null) {
            return Path.of(System.getenv("LOCALAPPDATA"), "iommuscope", "journal");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "iommuscope", "journal");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("iommuscope").resolve("journal");
    }

    /** Records the session; a journal that cannot be written is logged, never thrown at the user mid-click. */
    void write(Session s) {
        Scenario base = s.base();
        Session.Tree t = s.tree();
        if (steps(t) <= WRITE_AT_ONCE_STEPS) {
            writeNow(base, t);
            return;
        }
        // A long trace's tree is megabytes of text: written on the journal's own thread, the latest tree only (clicks
        // faster than a write coalesce). The tree and the scenario are immutable, so the write reads them safely.
        synchronized (this) {
            pending = new Pending(base, t);
            if (writer == null) {
                writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread th = new Thread(r, "what-if journal " + file.getFileName());
                    th.setDaemon(true);
                    return th;
                });
            }
        }
        writer.execute(this::writePending);
    }

    /** A session of at most this many steps in all its branches is written on the caller's thread, at once. */
    static final int WRITE_AT_ONCE_STEPS = 20_000;
    /** The tree to write next on the journal's thread, and the scenario it branches from; null when none waits. */
    private record Pending(Scenario base, Session.Tree tree) {
    }

    private Pending pending;
    private java.util.concurrent.ExecutorService writer;

    private void writePending() {
        Pending next;
        synchronized (this) {
            next = pending;
            pending = null;
        }
        if (next != null) {
            writeNow(next.base(), next.tree());
        }
    }

    /** Waits for the writes asked for so far (the journal's file then holds the last tree written). */
    void flush() {
        java.util.concurrent.ExecutorService w;
        synchronized (this) {
            w = writer;
        }
        if (w != null) {
            try {
                w.submit(() -> { }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("the what-if journal's writer failed", e);
            }
        }
    }

    private static int steps(Session.Tree t) {
        int n = 0;
        for (Session.Branch b : t.branches()) {
            n += b.steps().size();
        }
        return n;
    }

    private void writeNow(Scenario base, Session.Tree t) {
        try {
            AtomicFile.write(file, text(base, t));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the what-if journal {}", file, e);
        }
    }

    static String text(Session s) {
        return text(s.base(), s.tree());
    }

    private static String text(Scenario base, Session.Tree t) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("# source: ").append(base.file().replace('\n', ' ')).append('\n');
        out.append("# current: ").append(t.current()).append('\n');
        out.append("# position: ").append(t.position()).append('\n');
        for (Session.Branch b : t.branches()) {
            out.append(BRANCH).append(b.parent()).append(' ').append(b.forkAt()).append(' ').append(b.name()).append('\n');
            out.append(ScenarioWriter.write(new Scenario(base.file(), base.title(), base.description(),
                    base.profile(), t.topology(), b.steps())));
        }
        return out.toString();
    }

    /** Deletes the journal (the session ended cleanly). */
    void discard() {
        synchronized (this) {
            pending = null;
        }
        // A write under way finishes first: the file it renames into place is deleted after it.
        flush();
        synchronized (this) {
            if (writer != null) {
                writer.shutdown();
                writer = null;
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the what-if journal {}", file, e);
        }
    }

    /** Journals left by processes that are no longer running: unsaved work from a crash or a kill, newest first. */
    public static List<Path> orphans(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith("session-") && n.endsWith(".journal")) {
                    long pid = parsePid(n);
                    if (pid < 0 || ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        out.add(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the journal directory {}", dir, e);
        }
        out.sort((a, b) -> Long.compare(modified(b), modified(a)));
        return out;
    }

    private static long parsePid(String name) {
        try {
            String pid = name.substring("session-".length(), name.length() - ".journal".length());
            return Long.parseLong(pid.contains("-") ? pid.substring(0, pid.indexOf('-')) : pid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A journal read back: the scenario it started from and the branch tree. */
    public record Recovered(Scenario base, Session.Tree tree) {
    }

    /**
     * Reads a journal; a damaged one is an IOException, or a ScenarioException naming the line, never a partial
     * session.
     */
    public static Recovered read(Path file) throws IOException, ScenarioException {
        try {
            return parse(file);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static Recovered parse(Path file) throws IOException, ScenarioException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not an iommuscope journal");
        }
        String source = "";
        int current = 0;
        int position = 0;
        List<String[]> heads = new ArrayList<>();
        List<StringBuilder> bodies = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith(BRANCH)) {
                heads.add(line.substring(BRANCH.length()).split(" ", 3));
                bodies.add(new StringBuilder());
            } else if (!bodies.isEmpty()) {
                bodies.get(bodies.size() - 1).append(line).append('\n');
            } else if (line.startsWith("# source: ")) {
                source = line.substring("# source: ".length());
            } else if (line.startsWith("# current: ")) {
                current = Integer.parseInt(line.substring("# current: ".length()).strip());
            } else if (line.startsWith("# position: ")) {
                position = Integer.parseInt(line.substring("# position: ".length()).strip());
            }
        }
        if (heads.isEmpty()) {
            throw new IOException(file + " holds no branch");
        }
        List<Session.Branch> branches = new ArrayList<>();
        Scenario first = null;
        for (int i = 0; i < heads.size(); i++) {
            String[] h = heads.get(i);
            Scenario s = ScenarioLoader.loadString(bodies.get(i).toString(), file + " (" + (h.length > 2 ? h[2] : "branch") + ")");
            if (first == null) {
                first = s;
            }
            branches.add(new Session.Branch(h.length > 2 ? h[2] : "branch " + (i + 1), Integer.parseInt(h[0]),
                    Integer.parseInt(h[1]), s.steps()));
        }
        Scenario base = new Scenario(source.isEmpty() ? first.file() : source, first.title(), first.description(),
                first.profile(), first.topology(), List.of());
        current = Math.max(0, Math.min(branches.size() - 1, current));
        position = Math.max(0, Math.min(branches.get(current).steps().size(), position));
        return new Recovered(base, new Session.Tree(first.topology(), branches, current, position));
    }

    /** Resumes a recovered session; it keeps journaling to {@code journal}, and the old file is removed. */
    public static Session resume(Path file, Journal journal) throws IOException, ScenarioException {
        Recovered r = read(file);
        Session s = new Session(r.base(), r.tree(), journal);
        s.markRecovered();
        if (journal != null) {
            journal.write(s);
            if (!file.toAbsolutePath().equals(journal.file().toAbsolutePath())) {
                Files.deleteIfExists(file);
                sweepTemporaries(file);
            }
        }
        return s;
    }

    /** A kill in the middle of a write leaves its temporary file ({@link AtomicFile}); it holds nothing needed. */
    private static void sweepTemporaries(Path journal) throws IOException {
        String prefix = "." + journal.getFileName();
        try (Stream<Path> siblings = Files.list(journal.toAbsolutePath().getParent())) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
