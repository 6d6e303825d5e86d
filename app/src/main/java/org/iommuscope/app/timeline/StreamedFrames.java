package org.iommuscope.app.timeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.scenario.Diagnostic;
import org.iommuscope.engine.scenario.ReadLimits;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.ScenarioStream;
import org.iommuscope.engine.scenario.StepOutcome;

/**
 * A long trace shown while it runs: the file is read as a stream and run step by step on the calling (loader)
 * thread, and its frames are handed out in chunks, the first as soon as the machine and the first steps are
 * ready. Frames project their picture on demand ({@link FrameGraphs}) and keep their state only every
 * {@value FrameStates#DEFAULT_INTERVAL} steps, deriving the others when asked ({@link FrameStates}); the canvas is laid out from the objects
 * seen so far and extended, never moved, as later steps bring new ones (the pictures that brought them are
 * handed out with each chunk).
 */
public final class StreamedFrames {
    /** A file larger than this is streamed (a 10^4-op trace is 0.8 MB); every bundled scenario is far below it. */
    public static final long STREAM_ABOVE_BYTES = 256L << 10;
    /** The first chunk goes out after this many steps or {@link #FIRST_CHUNK_MS}, whichever comes first. */
    static final int FIRST_CHUNK_STEPS = 2_000;
    static final long FIRST_CHUNK_MS = 400;
    /** Later chunks: about this often, so the timeline grows smoothly without flooding the FX thread. */
    static final long CHUNK_MS = 300;

    private StreamedFrames() {
    }

    /**
     * What a chunk brings: its frames, the pictures that showed an object or link not seen before (for the
     * layout), how far the run is ({@code estimatedSteps} counts the file's lines), and with the last chunk the
     * whole scenario and the file's problems ({@code file:line:column: …}; empty when it read cleanly).
     */
    public record Chunk(List<Frame> frames, List<GraphModel> newShapes, long stepsRun, long estimatedSteps, boolean last,
                        Scenario scenario, List<String> problems) {
        /** "running steps 23,000 / ~100,000". */
        public String progressText() {
            return String.format(java.util.Locale.ROOT, "running steps %,d / ~%,d", stepsRun, Math.max(stepsRun, estimatedSteps));
        }

        public double fraction() {
            return estimatedSteps <= 0 ? 0 : Math.min(1, (double) stepsRun / estimatedSteps);
        }
    }

    /** Where the chunks go (from the loader thread); each returns false once nobody wants more (another file opened). */
    public interface Sink {
        boolean first(ScenarioFrames.Loaded loaded, Chunk chunk);

        boolean more(Chunk chunk);
    }

    /** Whether the app streams this file (rather than load it whole as before). */
    public static boolean streams(Path file) {
        try {
            return java.nio.file.Files.size(file) > STREAM_ABOVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code file} to its end or until the sink says stop. A file whose header (machine, profile) cannot be
     * read fails before anything is shown; a problem further on ends the run there and comes with the last chunk.
     */
    public static void run(Path file, Sink sink) throws ScenarioFrames.LoadFailure {
        String problem = ScenarioFrames.fileProblem(file);
        if (problem != null) {
            throw new ScenarioFrames.LoadFailure(List.of(problem));
        }
        long lines = countLines(file);
        ScenarioStream stream;
        try {
            stream = ScenarioStream.open(file, ReadLimits.defaults().withStreamAboveBytes(STREAM_ABOVE_BYTES)).readAhead();
        } catch (ScenarioException e) {
            throw new ScenarioFrames.LoadFailure(e.diagnostics().stream().map(Diagnostic::toString).toList());
        }
        try (stream) {
            Scenario header = stream.header();
            ScenarioRunner runner = new ScenarioRunner(header, null);
            FrameMaker frames = new FrameMaker(runner, new HandleNames());
            String description = header.description() == null ? "" : header.description().strip();
            Frame boot = Frame.derivedOnDemand(0, "", "", "ok", "", true, description, List.of(), frames.base, frames.states,
                    Map.of(), 0, frames.graphs);
            Shapes shapes = new Shapes();
            List<ScenarioStep> steps = new ArrayList<>();
            List<Frame> chunk = new ArrayList<>();
            chunk.add(boot);
            shapes.add(boot.graph());
            int firstLine = -1;
            long start = System.nanoTime();
            long lastSent = start;
            boolean sentFirst = false;
            for (ScenarioStep step; (step = stream.next()) != null; ) {
                steps.add(step);
                if (firstLine < 0) {
                    firstLine = step.line();
                }
                Frame f = frames.next(step);
                chunk.add(f);
                if (f.mayChangeShape()) {
                    shapes.add(f.graph());
                }
                long t = System.nanoTime();
                boolean due = sentFirst ? t - lastSent > CHUNK_MS * 1_000_000
                        : chunk.size() > FIRST_CHUNK_STEPS || t - start > FIRST_CHUNK_MS * 1_000_000;
                if (due) {
                    long run = steps.size();
                    Chunk c = new Chunk(List.copyOf(chunk), shapes.take(), run, estimate(run, step.line(), firstLine, lines), false, null, List.of());
                    if (!(sentFirst ? sink.more(c) : sink.first(loaded(header, runner, c), c))) {
                        return;
                    }
                    sentFirst = true;
                    chunk.clear();
                    lastSent = System.nanoTime();
                }
            }
            List<String> problems = stream.problems().stream().map(Diagnostic::toString).toList();
            Scenario whole = new Scenario(header.file(), header.title(), header.description(), runner.profile(), header.topology(), steps);
            Chunk c = new Chunk(List.copyOf(chunk), shapes.take(), steps.size(), steps.size(), true, whole, problems);
            if (sentFirst) {
                sink.more(c);
            } else {
                sink.first(loaded(header, runner, c), c);
            }
        }
    }

    private static ScenarioFrames.Loaded loaded(Scenario header, ScenarioRunner runner, Chunk first) {
        return new ScenarioFrames.Loaded(header.title(), runner.profile().key(), first.frames(), first.scenario(),
                GraphLayout.of(first.newShapes()));
    }

    /**
     * Runs steps on a runner and makes each one's frame as a long run's are (see {@link #frame}): the handles' names
     * followed from where the runner is, the states in one {@link FrameStates} numbered from there (the runner's place
     * kept at each checkpoint, for a what-if click to go on from), the pictures in one {@link FrameGraphs}. The loader
     * runs a whole trace through one; a what-if branch, the steps after its fork.
     */
    static final class FrameMaker {
        final FrameGraphs graphs = new FrameGraphs();
        final FrameStates states;
        /** The state the runner was in when given: the first checkpoint. */
        final State base;
        private final ScenarioRunner runner;
        private final HandleNames handles;
        private Map<Integer, String> names;
        private State before;

        /** Frames of the steps {@code runner} runs next; {@code handles} names the objects as they are where it is. */
        FrameMaker(ScenarioRunner runner, HandleNames handles) {
            this.runner = runner;
            this.handles = handles;
            int at = runner.stepsRun();
            states = new FrameStates(at, FrameStates.DEFAULT_INTERVAL, FrameStates.DEFAULT_CAPACITY);
            before = runner.state();
            base = states.add(at, null, before);
            states.keepRunner(at, runner.copy());
            names = Map.copyOf(handles.boxNames());
        }

        /** Runs the next step and makes its frame. */
        Frame next(ScenarioStep step) {
            StepOutcome o = runner.step(step);
            HandleNames.Names named = handles.resolve(o, before);
            handles.step(o);
            Map<Integer, String> now = handles.boxNames();
            // One map while the names stay the same: a long trace's frames share it.
            names = now.equals(names) ? names : Map.copyOf(now);
            before = o.after();
            return frame(o, named, names, graphs, states, runner);
        }
    }

    /**
     * As {@link ScenarioFrames#frames}: the same texts, made when asked from the step and the objects its handles
     * named ({@code names}), the picture left to be projected when drawn, and the state kept only at a checkpoint;
     * the op the engine applied is kept to derive the others ({@link FrameStates}).
     */
    private static Frame frame(StepOutcome o, HandleNames.Names named, Map<Integer, String> names, FrameGraphs graphs,
                       FrameStates states, ScenarioRunner runner) {
        Step st = o.engineStep();
        String outcome = st != null ? st.result().outcome() : "say".equals(o.kind()) ? "" : o.passed() ? "ok" : "failed";
        String reason = st != null && o.passed() ? st.result().reason() : String.join("; ", o.problems());
        int number = o.index() + 1;
        State kept = states.add(number, st == null ? null : st.op(), o.after());
        if (kept != null) {
            // Where the runner is at a checkpoint (its state is the one kept): a what-if click goes on from here.
            states.keepRunner(number, runner.copy());
        }
        return Frame.ofStep(number, o.step(), named, outcome, reason.isEmpty() ? "" : reason, o.passed(),
                st == null ? List.of() : st.result().events(), kept, states, names, graphs);
    }

    /**
     * Whether a step may show an object or a link the picture has not had: any step but one whose events only
     * map, unmap, translate, fault or read dirty bits, which change what an IOAS or a domain holds, never which
     * objects there are or what points at what. Such a step's picture is projected to find out.
     */
    static boolean mayChangeShape(List<Event> events) {
        for (Event e : events) {
            if (!(e instanceof Event.AreaMapped || e instanceof Event.AreaUnmapped || e instanceof Event.DmaTranslated
                    || e instanceof Event.DmaFaulted || e instanceof Event.PageDirtied || e instanceof Event.DirtyRead)) {
                return true;
            }
        }
        return false;
    }

    /** The pictures that brought a node or a link the layout has not seen, since the last {@link #take}. */
    private static final class Shapes {
        private final Set<String> nodes = new HashSet<>();
        private final Set<String> links = new HashSet<>();
        private final List<GraphModel> fresh = new ArrayList<>();

        void add(GraphModel g) {
            boolean added = false;
            for (String id : g.nodes().keySet()) {
                added |= nodes.add(id);
            }
            for (GraphModel.Edge e : g.edges().values()) {
                added |= links.add(e.from() + ">" + e.to());
            }
            if (added) {
                fresh.add(g);
            }
        }

        List<GraphModel> take() {
            List<GraphModel> out = List.copyOf(fresh);
            fresh.clear();
            return out;
        }
    }

    /** The steps the file holds, judged by the lines the steps so far took. */
    private static long estimate(long stepsRun, int line, int firstLine, long lines) {
        if (line <= firstLine || lines <= line) {
            return stepsRun;
        }
        return Math.round(stepsRun * (double) (lines - firstLine) / (line - firstLine + 1));
    }

    /** The file's lines, counted in bytes (a 76 MB trace in well under a second). */
    private static long countLines(Path file) {
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
            while (ch.read(b) > 0) {
                b.flip();
                while (b.hasRemaining()) {
                    if (b.get() == '\n') {
                        n++;
                    }
                }
                b.clear();
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }
}
