package org.iommuscope.engine.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A scenario file read a step at a time, so that a trace of millions of steps is read in memory that does not
 * grow with it. The same reader serves {@link ScenarioLoader}, which keeps every step:
 *
 * <pre>{@code
 * try (ScenarioStream s = ScenarioStream.open(file, ReadLimits.defaults())) {
 *     ScenarioRunner runner = new ScenarioRunner(s.header(), null);   // the machine and profile, no steps
 *     for (ScenarioStep step; (step = s.next()) != null; ) { runner.step(step); }
 *     List<Diagnostic> problems = s.problems();                      // empty when the file is valid
 * }
 * }</pre>
 *
 * <p>A file up to {@link ReadLimits#streamAboveBytes()} is read and checked whole in {@link #open}: a problem
 * anywhere in it is thrown there, as {@link ScenarioLoader} throws it, and {@link #next} hands out its steps.
 * A larger file is read as it is asked for: {@code open} reads up to its first step, {@code next} reads one
 * step, and returns null at the end or at the first problem; reading then goes on to the end of the file,
 * running nothing, so that {@link #problems} holds all of them, positioned as always. In such a file
 * {@code kernel} must come before {@code steps} (the steps are run under it as they are read); a
 * {@code topology} after {@code steps} is read, at the cost of holding the steps until it comes.
 */
public final class ScenarioStream implements AutoCloseable {
    private static final List<String> TOP_KEYS = List.of("scenario", "description", "kernel", "topology", "steps");
    /** The profile keys, the default first: a near miss ("v6.16") that ties goes to the profile most files mean. */
    private static final List<String> PROFILES = java.util.stream.Stream.concat(java.util.stream.Stream.of(Profile.DEFAULT),
            Arrays.stream(Profile.values()).filter(p -> p != Profile.DEFAULT)).map(Profile::key).toList();

    private final String file;
    private final boolean whole;
    private final Reader source;
    private final YamlComposer yaml;
    private final NodeReader r;
    private final Map<String, NodeReader.Entry> top = new LinkedHashMap<>();
    private Node root;
    private String title;
    private String description = "";
    private Profile profile = Profile.DEFAULT;
    private Topology topology;
    private final java.util.Set<String> headerRead = new java.util.HashSet<>();
    private final long streamAbove;
    private StepReader stepReader;
    /** Streaming: the steps list is open and its items are read on demand. */
    private boolean inSteps;
    /** Steps read ahead: all of them for a file read whole, or those held until the topology came. */
    private Iterator<ScenarioStep> held;
    private volatile long stepsRead;
    private static final int READ_AHEAD_BATCH = 512;
    private static final List<ScenarioStep> END = List.of();
    private Handoff ahead;
    private Thread reader;
    private List<ScenarioStep> batch;
    private int batchAt;
    private volatile Throwable readerFailure;

    private ScenarioStream(String file, boolean whole, long streamAbove, Reader source, YamlComposer.Locator locator) {
        this.file = file;
        this.whole = whole;
        this.streamAbove = streamAbove;
        this.source = source;
        this.yaml = new YamlComposer(source, file, locator);
        this.r = new NodeReader(file, yaml::events);
    }

    /** Opens a file; its path as given names it in diagnostics. Reads it whole or up to its first step. */
    public static ScenarioStream open(Path file, ReadLimits limits) throws ScenarioException {
        String name = file.toString();
        long size;
        InputStream in;
        try {
            size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw refused(name, "the file is " + ReadLimits.describe(size) + "; the largest scenario file read is "
                        + ReadLimits.describe(limits.maxBytes()) + " (set by " + ReadLimits.MAX_BYTES_PROPERTY + ", or check --max-file-size)");
            }
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw refused(name, "cannot read the file: " + e);
        }
        ScenarioStream s = new ScenarioStream(name, size <= limits.streamAboveBytes(), limits.streamAboveBytes(), new StrictUtf8Reader(in),
                pos -> locate(file, pos));
        return s.start();
    }

    /** Scenario text already in memory, named {@code fileName} in diagnostics; read whole. */
    public static ScenarioStream of(String text, String fileName, ReadLimits limits) throws ScenarioException {
        if (text.length() > limits.maxBytes()) {
            throw refused(fileName, "the text is " + text.length() + " characters; the largest scenario read is "
                    + ReadLimits.describe(limits.maxBytes()) + " (set by " + ReadLimits.MAX_BYTES_PROPERTY + ")");
        }
        return new ScenarioStream(fileName, true, limits.streamAboveBytes(), new StringReader(text), pos -> YamlComposer.lineColumnOfCodePoint(text, pos)).start();
    }

    /** The scenario without its steps: title, description, profile and machine (the title may follow the steps). */
    public Scenario header() {
        return new Scenario(file, title == null ? "" : title, description, profile, topology, List.of());
    }

    /** Whether the steps are read as they are asked for (a file larger than {@link ReadLimits#streamAboveBytes()}). */
    public boolean streamed() {
        return !whole;
    }

    /** How many steps have been read so far. */
    public long stepsRead() {
        return stepsRead;
    }

    /** The next step; null at the end of the steps, or (streamed) at the first problem. */
    public ScenarioStep next() {
        if (ahead == null) {
            return read();
        }
        while (batch == null || batchAt == batch.size()) {
            if (batch == END) {
                if (readerFailure != null) {
                    throw new IllegalStateException("reading " + file + " failed", readerFailure);
                }
                return null;
            }
            batch = ahead.take();
            batchAt = 0;
        }
        return batch.get(batchAt++);
    }

    /**
     * Reads the rest of a streamed file on another thread, a batch of steps ahead of {@link #next}: on two cores
     * reading the YAML then costs no time on the thread that runs the steps. No effect on a file read whole.
     */
    public ScenarioStream readAhead() {
        if (whole || ahead != null) {
            return this;
        }
        ahead = new Handoff();
        reader = new Thread(() -> {
            List<ScenarioStep> out = new ArrayList<>(READ_AHEAD_BATCH);
            try {
                for (ScenarioStep s; (s = read()) != null; ) {
                    out.add(s);
                    if (out.size() == READ_AHEAD_BATCH) {
                        if (!ahead.put(out)) {
                            return;
                        }
                        out = new ArrayList<>(READ_AHEAD_BATCH);
                    }
                }
                ahead.put(out);
            } catch (RuntimeException | Error e) {
                readerFailure = e; // a defect of the reader: thrown again on the thread that asks for steps
            } finally {
                if (!Thread.currentThread().isInterrupted()) {
                    ahead.put(END);
                }
            }
        }, "scenario reader " + file);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private ScenarioStep read() {
        if (held != null) {
            if (held.hasNext()) {
                return counted(held.next());
            }
            held = null;
        }
        while (inSteps) {
            if (r.hasErrors() && !whole) {
                finish();
                return null;
            }
            ScenarioStep step = guarded(this::stepItem);
            if (step != null) {
                return counted(step);
            }
        }
        return null;
    }

    /** Every problem of the file, in file order; complete once {@link #next} has returned null. */
    public List<Diagnostic> problems() {
        if (reader != null) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return r.diagnostics();
    }

    /** The read-ahead thread's steps, a batch at a time; {@link #END} after the last. */
    private static final class Handoff {
        private final BlockingQueue<List<ScenarioStep>> queue = new ArrayBlockingQueue<>(8);

        /** False when the stream was closed: stop reading. */
        boolean put(List<ScenarioStep> batch) {
            try {
                queue.put(batch);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        List<ScenarioStep> take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return END;
            }
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
        try {
            source.close();
        } catch (IOException e) {
            // nothing was written: a failed close of a file read is no one's loss
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------

    private ScenarioStep counted(ScenarioStep s) {
        stepsRead = stepsRead + 1; // one writer: the thread that reads
        return s;
    }

    /** Reads up to the first step, or the whole file; throws when a problem is known before any step is handed out. */
    private ScenarioStream start() throws ScenarioException {
        guarded(() -> {
            readTop();
            return null;
        });
        if (whole) {
            List<ScenarioStep> all = new ArrayList<>();
            for (ScenarioStep s; (s = next()) != null; ) {
                all.add(s);
            }
            held = all.iterator();
            stepsRead = 0;
        }
        if (r.hasErrors() || topology == null && !inSteps) {
            close();
            throw new ScenarioException(r.diagnostics());
        }
        return this;
    }

    /** The top-level mapping up to an open steps list, or to its end when the steps cannot be read as they come. */
    private void readTop() {
        yaml.event(); // stream start
        if (yaml.at(Event.ID.StreamEnd)) {
            r.add(new Diagnostic(file, 1, 1, "the file is empty: a scenario needs 'scenario', 'topology' and 'steps'"));
            return;
        }
        yaml.event(); // document start
        if (!(yaml.peek() instanceof MappingStartEvent m) || m.getAnchor().isPresent()) {
            root = yaml.next(); // not a plain mapping: read it whole, as it is (and report what is wrong with it)
            endDocument();
            Map<String, NodeReader.Entry> e = r.mapping(root, "the scenario file", TOP_KEYS);
            if (e != null) {
                top.putAll(e);
                complete();
            }
            return;
        }
        yaml.event();
        root = new MappingNode(Tag.MAP, true, List.of(), m.getFlowStyle(), m.getStartMark(), m.getEndMark());
        while (!yaml.at(Event.ID.MappingEnd)) {
            Node key = yaml.next();
            if (isSteps(key) && !top.containsKey("steps") && yaml.peek() instanceof SequenceStartEvent seq
                    && seq.getAnchor().isEmpty() && top.containsKey("topology")) {
                r.entry(top, key, root, "the scenario file", TOP_KEYS);
                readHeaderKeys();
                yaml.event(); // the steps list opens; its items come one by one
                stepReader = new StepReader(r, topology);
                inSteps = true;
                return;
            }
            r.entry(top, key, yaml.next(), "the scenario file", TOP_KEYS);
        }
        yaml.event();
        endDocument();
        complete();
    }

    private static boolean isSteps(Node key) {
        return key instanceof ScalarNode s && "steps".equals(s.getValue()) && !NodeReader.isNull(s);
    }

    /** One item of the open steps list; at its end, the rest of the file. Null at the end or for a faulty step. */
    private ScenarioStep stepItem() {
        if (!yaml.at(Event.ID.SequenceEnd)) {
            return stepReader.step(yaml.next());
        }
        yaml.event();
        inSteps = false;
        while (!yaml.at(Event.ID.MappingEnd)) {
            Node key = yaml.next();
            NodeReader.Entry e = r.entry(top, key, yaml.next(), "the scenario file", TOP_KEYS);
            if (e != null && !whole && (e.name().equals("kernel") || e.name().equals("topology"))) {
                r.error(e.key(), "'" + e.name() + "' must come before 'steps' in a file this large, which is read as a stream"
                        + " (its steps run as they are read); files up to " + ReadLimits.describe(streamAbove) + " are read whole");
            }
        }
        yaml.event();
        endDocument();
        complete();
        return null;
    }

    /** The whole top level has been read: required keys, the header keys not read yet, and held steps. */
    private void complete() {
        r.require(top, root, "a scenario file", "scenario", "topology", "steps");
        readHeaderKeys();
        if (top.containsKey("steps") && stepReader == null) {
            held = new StepReader(r, topology).read(top.get("steps").value()).iterator();
        }
    }

    private void endDocument() {
        yaml.event(); // document end
        if (!yaml.at(Event.ID.StreamEnd)) {
            Event another = yaml.event();
            throw new ComposerException("expected a single document in the stream", root.getStartMark(),
                    "but found another document", another.getStartMark());
        }
    }

    /** Title, description, kernel and topology: each of them read once, when it has come. */
    private void readHeaderKeys() {
        for (String key : List.of("scenario", "description", "kernel", "topology")) {
            NodeReader.Entry e = top.get(key);
            if (e == null || !headerRead.add(key)) {
                continue;
            }
            switch (key) {
                case "scenario" -> title = r.text(e.value(), "scenario (the title)");
                case "description" -> {
                    String d = r.text(e.value(), "description");
                    description = d == null ? "" : d;
                }
                case "kernel" -> {
                    String k = r.choice(e.value(), "kernel", PROFILES);
                    profile = k == null ? profile : Profile.byKey(k);
                }
                default -> topology = new TopologyReader(r).read(e.value());
            }
        }
    }

    /**
     * Runs a reading step, turning what the YAML layer throws into a positioned problem; once a problem stops the
     * reading, the steps end there.
     */
    private <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (NodeReader.Stop stop) {
            // the reader has said enough
        } catch (RuntimeException e) {
            r.add(yaml.diagnostic(e));
        }
        inSteps = false;
        held = null;
        return null;
    }

    /** Reads what follows a problem in a streamed file, running nothing, to report every problem in it. */
    private void finish() {
        while (inSteps) {
            guarded(this::stepItem);
        }
    }

    private static int[] locate(Path file, long position) {
        try (Reader in = new StrictUtf8Reader(Files.newInputStream(file))) {
            int line = 1;
            int column = 1;
            long cp = 0;
            int c;
            while (cp < position && (c = in.read()) >= 0) {
                if (Character.isHighSurrogate((char) c)) {
                    in.read();
                }
                cp++;
                if (c == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new int[] {line, column};
        } catch (IOException e) {
            return new int[] {1, 1};
        }
    }

    private static ScenarioException refused(String file, String message) {
        return new ScenarioException(List.of(new Diagnostic(file, 1, 1, message)));
    }
}
