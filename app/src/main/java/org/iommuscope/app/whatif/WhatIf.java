package org.iommuscope.app.whatif;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.iommuscope.app.dialog.DialogService;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.ScenarioViewModel;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.StepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The what-if view-model: a {@link Session} behind commands and read-only properties, with no control in it.
 * Ops clicked or dropped on the canvas become ops on the session; every change of the session comes back as
 * new frames for the scenario's stepper, fork marks, and the list of branches. A refused op is reported with
 * the kernel's errno and reason in the message and through the dialog service; saving asks where through it
 * too. {@link WhatIfView} is the controls that show it.
 */
public final class WhatIf {
    private static final Logger LOG = LoggerFactory.getLogger(WhatIf.class);

    private final Session session;
    private final ScenarioViewModel scenario;
    private final DialogService dialogs;
    private final ObjectActions objectActions = new ObjectActions(this);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<String> branches = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper currentBranch = new ReadOnlyIntegerWrapper(this, "currentBranch");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyBooleanWrapper unsaved = new ReadOnlyBooleanWrapper(this, "unsaved");
    /** The machine and the steps the scenario's frames were made of: a change keeps the frames of the steps it kept. */
    private Topology shownTopology;
    private List<ScenarioStep> shownSteps;

    /** What-if on a scenario already showing the session's run (the scenario's frames must be the session's). */
    public WhatIf(Session session, ScenarioViewModel scenario, DialogService dialogs) {
        this.session = session;
        this.scenario = scenario;
        this.dialogs = dialogs;
        scenario.stepper().index().addListener((o, a, b) -> session.view(b.intValue()));
        shownTopology = session.tree().topology();
        shownSteps = session.tree().branch().steps();
        session.addListener(this::refresh);
        session.setRunners(this::runnerBefore);
        // The scenario shows the session's run already: its frames stay (running a long trace again and
        // projecting every step would cost as much as the load did).
        refreshControls();
    }

    /** A scenario of the session's current branch at the step it was viewing, with what-if on it. */
    public static WhatIf open(Session session, DialogService dialogs) {
        ScenarioViewModel scenario = new ScenarioViewModel(ScenarioFrames.frames(session.run()));
        scenario.stepper().jump(session.position());
        return new WhatIf(session, scenario, dialogs);
    }

    public Session session() {
        return session;
    }

    public ScenarioViewModel scenario() {
        return scenario;
    }

    DialogService dialogs() {
        return dialogs;
    }

    /** Undo, redo, save, save as: for the window's key table. */
    public Map<KeyAction, Runnable> actions() {
        Map<KeyAction, Runnable> m = new LinkedHashMap<>();
        m.put(KeyAction.UNDO, this::undo);
        m.put(KeyAction.REDO, this::redo);
        m.put(KeyAction.SAVE, this::save);
        m.put(KeyAction.SAVE_AS, this::saveAs);
        return m;
    }

    // ---- what the view shows ----------------------------------------------------------------------------

    /** The last thing worth saying: a refusal with its errno, a fork, a save. */
    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    /** One line per branch ("branch 2 — from step 11: detach: {dev: idev2}"). */
    public ObservableList<String> branches() {
        return FXCollections.unmodifiableObservableList(branches);
    }

    public ReadOnlyIntegerProperty currentBranch() {
        return currentBranch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndo() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedo() {
        return canRedo.getReadOnlyProperty();
    }

    /** Clicked work not yet saved: closing, quitting or opening over it asks first. */
    public ReadOnlyBooleanProperty unsaved() {
        return unsaved.getReadOnlyProperty();
    }

    /**
     * The session changed: the frames of the steps the branch shares with what is shown stay, and only the steps
     * after run (a what-if step at step 50,000 of a trace runs one step, not 50,001). A changed machine runs all.
     */
    private void refresh() {
        Session.Tree t = session.tree();
        List<ScenarioStep> steps = t.branch().steps();
        remember(shownSteps, shownTopology, scenario.stepper().frames());
        List<Frame> frames = recalled(steps, t.topology());
        if (frames == null) {
            int fork = t.topology().equals(shownTopology) ? sharedSteps(shownSteps, steps) : 0;
            frames = fork > 0
                    ? ScenarioFrames.continueFrom(scenario.stepper().frames(), fork, session.current(), runnerAtFork(fork))
                    : ScenarioFrames.frames(session.run());
        }
        shownTopology = t.topology();
        shownSteps = steps;
        scenario.stepper().setFrames(frames, session.position());
        refreshControls();
    }

    /**
     * A runner of the session's branch at or before step {@code n}, from those the frames shown kept (a long run
     * keeps one every 256 steps): valid when the branch's steps up to it are those the frames were made of, on the
     * same machine. Null otherwise (the session replays from boot).
     */
    private ScenarioRunner runnerBefore(int n) {
        List<Frame> frames = scenario.stepper().frames();
        Session.Tree t = session.tree();
        if (n >= frames.size() || !t.topology().equals(shownTopology)) {
            return null;
        }
        ScenarioRunner r = frames.get(n).runnerBefore();
        List<ScenarioStep> steps = t.branch().steps();
        // The frames shown are the branch's own (the same list) but between a change and its refresh.
        return r != null && (steps == shownSteps || sharedSteps(shownSteps, steps) >= r.stepsRun()) ? r : null;
    }

    /**
     * The frames of the last few branches shown, by their steps (the very list: an undo, a redo or a branch switched
     * brings back the tree that held it) and machine: shown again as they were, nothing run.
     */
    private record Shown(List<ScenarioStep> steps, Topology topology,
                         List<Frame> frames) {
    }

    private static final int REMEMBERED = 8;
    private final java.util.ArrayDeque<Shown> shown = new java.util.ArrayDeque<>();

    private void remember(List<ScenarioStep> steps, Topology topology,
                          List<Frame> frames) {
        shown.removeIf(s -> s.steps() == steps);
        shown.addFirst(new Shown(steps, topology, frames));
        while (shown.size() > REMEMBERED) {
            shown.removeLast();
        }
    }

    private List<Frame> recalled(List<ScenarioStep> steps,
                                                             Topology topology) {
        for (Shown s : shown) {
            if (s.steps() == steps && s.topology().equals(topology)) {
                return s.frames();
            }
        }
        return null;
    }

    /**
     * The session's runner at the fork a click left, else the nearest one the frame shown at the fork kept before it
     * (valid as it is: the branch shares every step up to the fork with the frames shown, on the same machine).
     */
    private ScenarioRunner runnerAtFork(int fork) {
        ScenarioRunner r = session.takeRunnerAt(fork);
        return r != null ? r : scenario.stepper().frames().get(fork).runnerBefore();
    }

    /** How many first steps two branches share: the same step objects (a caption edited is a new one). */
    private static int sharedSteps(List<ScenarioStep> a, List<ScenarioStep> b) {
        int n = Math.min(a.size(), b.size());
        int i = 0;
        while (i < n && a.get(i) == b.get(i)) {
            i++;
        }
        return i;
    }

    private void refreshControls() {
        scenario.setForks(session.forks());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < session.tree().branches().size(); i++) {
            names.add(session.describe(i));
        }
        if (!branches.equals(names)) {
            branches.setAll(names);
        }
        currentBranch.set(session.tree().current());
        canUndo.set(session.canUndo());
        canRedo.set(session.canRedo());
        unsaved.set(session.unsaved());
    }

    // ---- from the user to the session -------------------------------------------------------------------

    /** Runs a clicked op; a refusal is reported with its errno and recorded as a step that changed nothing. */
    public StepOutcome run(OpSpec op) {
        int branchesBefore = session.tree().branches().size();
        StepOutcome o = session.apply(op);
        String text = op.text(null);
        if (o.engineStep() == null) {
            report(op.name() + " not run", String.join("; ", o.problems()));
            return o;
        }
        Result r = o.engineStep().result();
        if (r.errno() != null) {
            report(op.name() + " refused: " + r.errno() + " (-" + r.errno().number() + ")", text + "\n" + r.reason());
        } else if (r.fault()) {
            report("DMA fault", text + (r.reason().isBlank() ? "" : "\n" + r.reason()));
        } else if (session.tree().branches().size() > branchesBefore) {
            Session.Branch b = session.tree().branch();
            message.set(b.name() + " forked at step " + b.forkAt() + "; the old future is kept (switch in the list)");
        } else {
            message.set("");
        }
        return o;
    }

    public void undo() {
        session.undo();
    }

    public void redo() {
        session.redo();
    }

    /** Shows another branch (from the list). */
    public void switchTo(int branch) {
        session.switchTo(branch);
    }

    /** The actions a right click on {@code node} offers at the viewed step. */
    public List<ObjectAction> actionsFor(NodeId node) {
        return objectActions.of(node);
    }

    /** The actions a right click on the canvas's background offers. */
    public List<ObjectAction> canvasActions() {
        return objectActions.canvas();
    }

    /** What the kernel would answer to a drop of an idev on a hwpt or an IOAS, and the words that say so. */
    public record DropVerdict(boolean ok, String text) {
    }

    /** The op a drop of {@code idev} on {@code target} runs: attach, or replace when the idev is attached. */
    OpSpec dropOp(NodeId idev, NodeId target) {
        State s = session.runner().state();
        boolean attached = s.object(idev.number()) instanceof Idev i && new Snapshot(s).kernelHwpt(i) >= 0;
        return ObjectActions.spec(attached ? "replace" : "attach", "dev", session.ref(idev.number()), "pt", session.ref(target.number()));
    }

    /** Each possible drop target among {@code targets} (hwpts and IOASes) with the kernel's answer, nothing committed. */
    public Map<NodeId, DropVerdict> dropVerdicts(NodeId idev, Collection<NodeId> targets) {
        Map<NodeId, DropVerdict> out = new LinkedHashMap<>();
        for (NodeId t : targets) {
            if (t.isHwpt() || t.kind() == org.iommuscope.app.graph.GraphModel.Kind.IOAS) {
                OpSpec op = dropOp(idev, t);
                Result r = session.probe(op);
                String text = r == null ? op.name() + ": cannot be issued"
                        : r.ok() ? op.name() + " → ok" : op.name() + " → " + r.outcome() + (r.reason().isBlank() ? "" : ": " + r.reason());
                out.put(t, new DropVerdict(r != null && r.ok(), text));
            }
        }
        return out;
    }

    /** Drops {@code idev} on {@code target}: attaches (or replaces) it there. */
    public StepOutcome drop(NodeId idev, NodeId target) {
        return run(dropOp(idev, target));
    }

    /** Asks for a step's caption (1-based, as the log numbers it); blank removes it. */
    public void editCaption(int number) {
        var steps = session.tree().branch().steps();
        if (number < 1 || number > steps.size()) {
            return;
        }
        String old = steps.get(number - 1).say();
        dialogs.askText("Caption", "Caption of step " + number, old == null ? "" : old)
                .ifPresent(text -> session.caption(number, text));
    }

    public void addGroup(String group, String name) {
        try {
            session.addGroup(Integer.parseInt(group.strip()), name.strip());
            message.set("");
        } catch (NumberFormatException e) {
            report("device not added", "'" + group + "' is not a group number");
        } catch (IllegalArgumentException e) {
            report("device not added", e.getMessage());
        }
    }

    /**
     * Adds a device to an existing group; a bad or taken address records nothing and says why. The machine is
     * the one at boot, so the recorded steps replay on it: those whose outcome changed are listed.
     */
    public void addDevice(int group, String bdf, String driver, boolean msi) {
        List<String> changed;
        try {
            changed = session.addDevice(group, bdf, driver, msi);
        } catch (IllegalArgumentException e) {
            report("device not added", e.getMessage());
            return;
        }
        String added = bdf.strip().toLowerCase(java.util.Locale.ROOT) + " (" + driver.strip() + ") added to iommu_group " + group;
        if (changed.isEmpty()) {
            message.set(added + " from boot; no recorded step changed");
        } else {
            long stuck = changed.stream().filter(c -> c.contains(" can no longer run")).count();
            List<String> shown = changed.size() <= 6 ? changed : new ArrayList<>(changed.subList(0, 5));
            if (shown.size() < changed.size()) {
                shown.add("… and " + (changed.size() - 5) + " more (the log marks them)");
            }
            report(added + " from boot: " + changed.size() + (changed.size() == 1 ? " step changed" : " steps changed")
                    + (stuck > 0 ? ", " + stuck + " can no longer run" : ""), String.join("\n", shown));
        }
    }

    /** Shows a problem in the message and as a notification. */
    void report(String title, String text) {
        message.set(title + " — " + text.replace('\n', ' '));
        dialogs.notifyProblem(title, text);
    }

    // ---- saving -----------------------------------------------------------------------------------------

    /**
     * Saves where the session was last saved, else asks where (the opened file is a demo and is not
     * overwritten). True when it was saved.
     */
    public boolean save() {
        return session.savedTo() == null ? saveAs() : saveTo(session.savedTo());
    }

    /** Asks where, then saves; false when the user cancelled or the file could not be written. */
    public boolean saveAs() {
        return dialogs.chooseFileToSave("Save scenario", "what-if.yaml", DialogService.FileKind.SCENARIO).map(this::saveTo).orElse(false);
    }

    /** Writes the current branch; a failure is shown and loses nothing (the journal still holds it). */
    public boolean saveTo(Path file) {
        try {
            session.save(file);
            Preferences.addRecentFile(file.toAbsolutePath().normalize().toString());
            // A device added from boot can leave recorded steps unable to run (their idev was never bound):
            // the file keeps them, and says so here rather than letting check be the first to tell.
            long failing = ScenarioRunner.run(session.forSaving()).outcomes().stream().filter(o -> !o.passed()).count();
            message.set("saved to " + file + (failing == 0 ? ""
                    : " — " + failing + (failing == 1 ? " step does" : " steps do") + " not pass check on this machine (see the log)"));
            unsaved.set(session.unsaved());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save {}", file, e);
            dialogs.showError("Cannot save", "The scenario was not saved", file + ": " + e.getMessage());
            return false;
        }
    }
}
