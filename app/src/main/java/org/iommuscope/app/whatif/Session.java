package org.iommuscope.app.whatif;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.Step;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.Expectation;
import org.iommuscope.engine.scenario.OpSignature;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.Ref;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.ScenarioWriter;
import org.iommuscope.engine.scenario.StepOutcome;

/**
 * A what-if session: the loaded scenario's machine and a tree of branches of steps, the branch and step being
 * viewed, and undo/redo of what the user did. Every op goes through the engine; an op issued while viewing an
 * earlier step forks a new branch there and keeps the old future. No JavaFX: the view-model listens to it, and
 * a journal records it after every change so that nothing clicked is lost.
 */
public final class Session {

    /**
     * One line of history: every step from the start (a branch shares its first {@code forkAt} steps with its
     * parent, which the steps themselves repeat, so each branch replays on its own).
     *
     * @param parent the branch it forked from, or -1 for the first
     */
    public record Branch(String name, int parent, int forkAt, List<ScenarioStep> steps) {
        public Branch {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Everything undo restores: the machine (which the user can extend), the branches, the current branch and
     * the viewed frame (0 = boot, k = after step k).
     */
    public record Tree(Topology topology, List<Branch> branches, int current, int position) {
        public Tree {
            branches = List.copyOf(branches);
        }

        public Branch branch() {
            return branches.get(current);
        }
    }

    private final Scenario base;
    private Tree tree;
    private final Deque<Tree> undo = new ArrayDeque<>();
    private final Deque<Tree> redo = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Journal journal;
    private ScenarioRun run;
    private ScenarioRunner runnerAt;
    private java.util.function.IntFunction<ScenarioRunner> runners = n -> null;
    /** A runner at the fork of the last change, for the view to go on from (see {@link #takeRunnerAt}). */
    private ScenarioRunner spare;
    private int runnerPosition = -1;
    private Path savedTo;
    /** Something was clicked, or the session came from a journal: closing it must not throw the work away. */
    private boolean worked;
    /** What the last save wrote (null: never saved). */
    private Tree savedTree;

    /** A session over a loaded scenario, at its first frame; {@code journal} may be null (nothing recorded). */
    public Session(Scenario scenario, Journal journal) {
        this(scenario, new Tree(scenario.topology(), List.of(new Branch("main", -1, 0, scenario.steps())), 0, 0), journal);
    }

    /** A session resumed from a journal. */
    public Session(Scenario base, Tree tree, Journal journal) {
        this.base = base;
        this.tree = tree;
        this.journal = journal;
        rerun();
    }

    public void addListener(Runnable l) {
        listeners.add(l);
    }

    public Tree tree() {
        return tree;
    }

    public Scenario base() {
        return base;
    }

    /** The current branch run on the engine. */
    public ScenarioRun run() {
        if (run == null) {
            run = ScenarioRunner.run(current());
        }
        return run;
    }

    public int position() {
        return tree.position();
    }

    /** The viewed frame changed (the user stepped): later ops start from there. Not an undoable action. */
    public void view(int position) {
        int p = Math.max(0, Math.min(tree.branch().steps().size(), position));
        if (p != tree.position()) {
            tree = new Tree(tree.topology(), tree.branches(), tree.current(), p);
        }
    }

    // ---- asking the engine -------------------------------------------------------------------------

    /**
     * The engine positioned at the viewed frame: a fresh runner replays the branch up to it (milliseconds; for a
     * long trace, a few microseconds a step, the invariants the run checked not checked again).
     */
    public ScenarioRunner runner() {
        if (runnerAt == null || runnerPosition != tree.position()) {
            Scenario branch = current();
            int n = tree.position();
            ScenarioRunner r = runners.apply(n);
            if (r == null || r.stepsRun() > n) {
                r = new ScenarioRunner(branch, null);
            }
            r.checkInvariants(false);
            List<ScenarioStep> steps = branch.steps();
            for (int i = r.stepsRun(); i < n; i++) {
                r.step(steps.get(i));
            }
            runnerAt = r.checkInvariants(true);
            runnerPosition = n;
        }
        return runnerAt;
    }

    /**
     * Where a runner of the current branch can start from to reach step {@code n}: one that has run at most its first
     * {@code n} steps (a copy of its own), or null to start at boot. The view gives the runners its long run kept.
     */
    public void setRunners(java.util.function.IntFunction<ScenarioRunner> nearest) {
        runners = nearest;
        runnerAt = null;
    }

    /** What the kernel would answer to the op at the viewed frame, committing nothing; null if a handle names nothing. */
    public Result probe(OpSpec op) {
        Step s = runner().probe(op);
        return s == null ? null : s.result();
    }

    /** How a clicked step names object {@code id}: its live handle, else the raw ID. */
    public Arg ref(long id) {
        String h = runner().handleOf(id);
        return new Arg.Obj(h != null ? Ref.handle(h) : Ref.raw(id));
    }

    // ---- changing the session ------------------------------------------------------------------------

    /**
     * Runs a clicked op at the viewed frame and records it with the outcome it had as its {@code expect}
     * (ok, the errno, or fault): a refused op is kept as a step that changed nothing. Viewing an earlier
     * frame forks a new branch there. An op whose handles name nothing is not recorded.
     */
    public StepOutcome apply(OpSpec op) {
        ScenarioRunner r = runner();
        String as = handleFor(r, op);
        int k = tree.position();
        // What the kernel answers, asked without running it; then the step is run once, recorded with that answer as
        // its expect, on the runner at the viewed frame, which stays positioned after it (a long trace's fork at step
        // 50,000 replays no step again for it).
        Step answer = r.probe(op);
        if (answer == null) {
            StepOutcome notRun = r.step(ScenarioStep.op(op, as, null, null));
            runnerAt = null;
            return notRun;
        }
        Result result = answer.result();
        Expectation actual = result.ok() ? null : result.fault() ? Expectation.FAULT : new Expectation.Fails(result.errno());
        ScenarioStep recorded = ScenarioStep.op(op, as, actual, null);
        ScenarioRunner atFork = r.copy();
        StepOutcome outcome = r.step(recorded);
        Branch b = tree.branch();
        List<Branch> branches = new ArrayList<>(tree.branches());
        int current = tree.current();
        List<ScenarioStep> steps = new ArrayList<>(b.steps().subList(0, k));
        steps.add(recorded);
        if (k == b.steps().size()) {
            branches.set(current, new Branch(b.name(), b.parent(), b.forkAt(), steps));
        } else {
            branches.add(new Branch("branch " + (branches.size() + 1), current, k, steps));
            current = branches.size() - 1;
        }
        change(new Tree(tree.topology(), branches, current, k + 1), atFork);
        runnerAt = r;
        runnerPosition = k + 1;
        return outcome;
    }

    /**
     * An op that returns a new object gets a handle named after it (idev3, ioas4, hwpt5, fault6, viommu7,
     * veventq8), so the saved file reads as a hand-written one; an attach that lands on an already named hwpt
     * needs none.
     */
    private static String handleFor(ScenarioRunner r, OpSpec op) {
        OpSignature sig = OpSignature.of(op.name());
        if (sig == null || sig.idOutput() == null) {
            return null;
        }
        Step probe = r.probe(op);
        if (probe == null || !probe.result().ok() || !(probe.result().output(sig.idOutput()) instanceof Number n)) {
            return null;
        }
        if (r.handleOf(n.longValue()) != null) {
            return null;
        }
        // bind → idev; an *_alloc → its object (ioas, hwpt, fault, viommu, vdevice, veventq, hw_queue); an attach's automatic hwpt.
        String prefix = op.name().equals("bind") ? "idev"
                : op.name().endsWith("_alloc") ? op.name().substring(0, op.name().length() - "_alloc".length()) : "hwpt";
        String name = prefix + n.longValue();
        for (int i = 2; r.handleTaken(name); i++) {
            name = prefix + n.longValue() + "_" + i;
        }
        return name;
    }

    /**
     * Sets the caption of step {@code number} (1-based, as the log numbers it); blank removes it. Branches that
     * share the history up to that step get the same caption, so a caption never looks like a fork.
     */
    public void caption(int number, String text) {
        Branch b = tree.branch();
        if (number < 1 || number > b.steps().size()) {
            return;
        }
        ScenarioStep s = b.steps().get(number - 1);
        String say = text == null || text.isBlank() ? null : text.strip();
        ScenarioStep captioned = new ScenarioStep(s.line(), s.column(), s.op(), s.as(), s.expect(), say, s.check());
        List<Branch> branches = new ArrayList<>();
        for (Branch other : tree.branches()) {
            if (other == b || commonPrefix(b, other) >= number) {
                List<ScenarioStep> steps = new ArrayList<>(other.steps());
                steps.set(number - 1, captioned);
                other = new Branch(other.name(), other.parent(), other.forkAt(), steps);
            }
            branches.add(other);
        }
        change(new Tree(tree.topology(), branches, tree.current(), tree.position()));
    }

    /**
     * Adds an iommu_group with one vfio-pci device behind the machine's first IOMMU. The machine is shared by
     * every branch: each replays on the extended machine (a new group changes no earlier step's outcome).
     */
    public void addGroup(int groupId, String deviceName) {
        Topology t = tree.topology();
        if (t.group(groupId).isPresent()) {
            throw new IllegalArgumentException("iommu_group " + groupId + " already exists");
        }
        if (t.device(deviceName).isPresent()) {
            throw new IllegalArgumentException("a device named " + deviceName + " already exists");
        }
        if (deviceName.isBlank()) {
            throw new IllegalArgumentException("the device needs a name");
        }
        String iommu = t.iommus().get(0).name();
        List<GroupSpec> groups = new ArrayList<>(t.groups());
        groups.add(new GroupSpec(groupId, iommu, DomainType.DMA,
                List.of(new PciDevice(deviceName, groupId, PciDevice.VFIO_PCI, List.of(), Set.of()))));
        change(new Tree(new Topology(t.pageSize(), t.iommus(), groups), tree.branches(), tree.current(), tree.position()));
    }

    /**
     * Adds a device to an existing iommu_group of the machine at boot (the engine models no hot-plug): every
     * branch replays on the new machine. Returns the steps whose outcome changed, in every branch (each
     * re-recorded with its new outcome, or listed because it can no longer run); empty when none did.
     *
     * @param msi whether it reserves the same MSI window as its siblings
     */
    public List<String> addDevice(int groupId, String bdf, String driver, boolean msi) {
        Topology t = tree.topology();
        GroupSpec g = t.group(groupId).orElseThrow(() -> new IllegalArgumentException("there is no iommu_group " + groupId));
        String name = TopologyEdit.bdf(bdf);
        PciDevice dev = new PciDevice(name, groupId, TopologyEdit.driver(driver),
                msi ? TopologyEdit.siblingMsi(g) : List.of(), Set.of());
        Topology next = TopologyEdit.withDevice(t, dev);
        TopologyEdit.Outcome o = TopologyEdit.replay(base, t, next, tree.branches(), tree.current());
        change(new Tree(next, o.branches(), tree.current(), tree.position()));
        return o.changed();
    }

    /** A free PCI address next to the group's last device (the next function, else the next slot), for the form. */
    public String nextBdf(int groupId) {
        Topology t = tree.topology();
        List<PciDevice> devs = t.group(groupId).map(GroupSpec::devices).orElse(List.of());
        String last = devs.isEmpty() ? "0000:00:00.0" : devs.get(devs.size() - 1).name();
        try {
            String stem = last.substring(0, 8);
            int dev = Integer.parseInt(last.substring(8, 10), 16);
            int fn = Integer.parseInt(last.substring(11, 12));
            for (int i = dev * 8 + fn + 1; i < 32 * 8; i++) {
                String c = String.format("%s%02x.%d", stem, i / 8, i % 8);
                if (t.device(c).isEmpty()) {
                    return c;
                }
            }
        } catch (RuntimeException e) {
            // A device named otherwise than DDDD:BB:DD.F: no guess, the user types one.
        }
        return "";
    }

    /** The lowest group ID above every existing one, for the "add a group" form. */
    public int nextGroupId() {
        return tree.topology().groups().stream().mapToInt(GroupSpec::id).max().orElse(0) + 1;
    }

    public void switchTo(int branch) {
        if (branch < 0 || branch >= tree.branches().size() || branch == tree.current()) {
            return;
        }
        Branch b = tree.branches().get(branch);
        // Where both agree the viewed step stays; past that, show the chosen branch's first step of its own.
        int shared = commonPrefix(tree.branch(), b);
        int p = tree.position() <= shared ? tree.position() : Math.min(shared + 1, b.steps().size());
        tree = new Tree(tree.topology(), tree.branches(), branch, p);
        rerun();
        record();
        fire();
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public void undo() {
        if (!undo.isEmpty()) {
            redo.push(tree);
            tree = undo.pop();
            rerun();
            record();
            fire();
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            undo.push(tree);
            tree = redo.pop();
            rerun();
            record();
            fire();
        }
    }

    private void change(Tree next) {
        change(next, null);
    }

    /** A change, with a runner at its fork for the view to go on from (only for this change: see {@link #takeRunnerAt}). */
    private void change(Tree next, ScenarioRunner atFork) {
        worked = true;
        undo.push(tree);
        redo.clear();
        tree = next;
        rerun();
        spare = atFork;
        record();
        fire();
    }

    /**
     * The branch changed: its run is made again when first asked for. A session over a trace of 10^5 steps the
     * app has just run does not run it a second time before the user edits it.
     */
    private void rerun() {
        run = null;
        runnerAt = null;
        spare = null;
    }

    /**
     * A runner of the current branch that has run exactly its first {@code steps} steps, if the last change left one
     * (a clicked step leaves one at its fork), else null; handed out once. The view shows the branch from it. The
     * next change, undo, redo or switch takes it back.
     */
    public ScenarioRunner takeRunnerAt(int steps) {
        ScenarioRunner r = spare;
        spare = null;
        return r != null && r.stepsRun() == steps ? r : null;
    }

    private void record() {
        if (journal != null) {
            journal.write(this);
        }
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    // ---- what gets saved ---------------------------------------------------------------------------

    /** The current branch as a scenario of the format: the machine as extended, the steps with their captions. */
    public Scenario current() {
        return new Scenario(base.file(), base.title(), base.description(), base.profile(), tree.topology(),
                tree.branch().steps());
    }

    /**
     * The current branch as it is saved: an op that missed the expectation its file gave it is saved with the
     * outcome it actually had, so the saved file passes {@code check} and says what happened.
     */
    public Scenario forSaving() {
        List<ScenarioStep> steps = new ArrayList<>();
        for (StepOutcome o : run().outcomes()) {
            ScenarioStep s = o.step();
            if (s.isOp() && !o.passed() && o.engineStep() != null) {
                Result r = o.engineStep().result();
                Expectation actual = r.ok() ? null : r.fault() ? Expectation.FAULT : new Expectation.Fails(r.errno());
                s = new ScenarioStep(s.line(), s.column(), s.op(), s.as(), actual, s.say(), null);
            }
            steps.add(s);
        }
        return current().withSteps(steps);
    }

    /** Writes the current branch to a file, atomically; later plain saves go there. */
    public void save(Path file) throws IOException {
        AtomicFile.write(file, ScenarioWriter.write(forSaving()));
        savedTo = file;
        savedTree = tree;
    }

    /** Where the last save went, or null (Save then asks where). */
    public Path savedTo() {
        return savedTo;
    }

    /** Where the session is journaled, or null when it is not. */
    public Path journal() {
        return journal == null ? null : journal.file();
    }

    /** The session ends cleanly: its journal is no longer needed. */
    public void close() {
        if (journal != null) {
            journal.discard();
        }
    }

    /** Whether the session holds work of the user's (clicked, or recovered from a journal). */
    public boolean hasWork() {
        return worked;
    }

    /**
     * Whether it holds work no save has written: something clicked (or recovered) and the machine or the
     * current branch is not what the last save wrote. Undoing back to a save leaves nothing unsaved.
     */
    public boolean unsaved() {
        if (!worked) {
            return false;
        }
        return savedTree == null || !savedTree.topology().equals(tree.topology())
                || !savedTree.branch().steps().equals(tree.branch().steps());
    }

    void markRecovered() {
        worked = true;
    }

    // ---- branch queries ----------------------------------------------------------------------------

    /** The number of leading steps two branches share. */
    public static int commonPrefix(Branch a, Branch b) {
        int n = Math.min(a.steps().size(), b.steps().size());
        int i = 0;
        while (i < n && same(a.steps().get(i), b.steps().get(i))) {
            i++;
        }
        return i;
    }

    /** The same step whatever line of which file it was read from (a recovered journal holds each branch apart). */
    private static boolean same(ScenarioStep a, ScenarioStep b) {
        return java.util.Objects.equals(a.op(), b.op()) && java.util.Objects.equals(a.as(), b.as())
                && java.util.Objects.equals(a.expect(), b.expect()) && java.util.Objects.equals(a.say(), b.say())
                && java.util.Objects.equals(a.check(), b.check());
    }

    /** The frames of the current branch where another branch goes its own way: the last step they share. */
    public List<Integer> forks() {
        List<Integer> out = new ArrayList<>();
        Branch cur = tree.branch();
        for (int i = 0; i < tree.branches().size(); i++) {
            if (i == tree.current()) {
                continue;
            }
            Branch other = tree.branches().get(i);
            int p = commonPrefix(cur, other);
            if (p < other.steps().size() && !out.contains(p)) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** "branch 2 — from step 11: detach: {dev: idev2}", for the branch switcher. */
    public String describe(int i) {
        Branch b = tree.branches().get(i);
        if (b.parent() < 0) {
            return b.name() + " (" + b.steps().size() + " steps)";
        }
        String first = b.forkAt() < b.steps().size() ? stepText(b.steps().get(b.forkAt())) : "(no steps)";
        return b.name() + " — from step " + (b.forkAt() + 1) + ": " + first;
    }

    private static String stepText(ScenarioStep s) {
        return s.isOp() ? s.op().text(s.as()) : s.isCheck() ? "check" : "say";
    }
}
