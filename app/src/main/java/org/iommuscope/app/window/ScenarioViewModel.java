package org.iommuscope.app.window;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.iommuscope.app.export.ViewExport;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.inspector.ObjectFields;
import org.iommuscope.app.ioas.IoasModel;
import org.iommuscope.app.ioas.IoasProjection;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.StepChanges;
import org.iommuscope.app.timeline.StepperModel;

/**
 * One scenario on screen, without a control in it: the frames and where the stepper is, the selected object,
 * the divergent-only filter, the branches' fork marks, and where the frames came from. {@link MainWindow}
 * binds its views to these read-only properties and calls the commands; the projections of the current frame
 * (inspector rows, step changes, IOAS bars) are read here, so no view reads the engine's state.
 */
public final class ScenarioViewModel {
    private final StepperModel stepper;
    private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyObjectWrapper<NodeId> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ReadOnlyBooleanWrapper divergentOnly = new ReadOnlyBooleanWrapper(this, "divergentOnly");
    private final ReadOnlyObjectWrapper<List<Integer>> forks = new ReadOnlyObjectWrapper<>(this, "forks", List.of());
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final javafx.beans.property.ReadOnlyStringWrapper progress = new javafx.beans.property.ReadOnlyStringWrapper(this, "progress", "");
    private final javafx.beans.property.ReadOnlyDoubleWrapper progressFraction = new javafx.beans.property.ReadOnlyDoubleWrapper(this, "progressFraction");
    /** Called with the pictures of appended frames that show something new (the canvas places it). */
    private java.util.function.Consumer<List<GraphModel>> onNewShapes = g -> { };
    /** Where the frames came from (for export and "copy view as command"); null for frames built in code. */
    private Path sourceFile;
    private String title = "";
    private String profile = "";

    public ScenarioViewModel(List<Frame> frames) {
        stepper = new StepperModel(frames);
        frame.set(stepper.current());
        // The frame follows the stepper; a new set of frames (a what-if step) shows even at the same index.
        stepper.index().addListener((o, a, b) -> frame.set(stepper.current()));
        stepper.revision().addListener((o, a, b) -> frame.set(stepper.current()));
    }

    public StepperModel stepper() {
        return stepper;
    }

    /** The frame on screen. */
    public ReadOnlyObjectProperty<Frame> frame() {
        return frame.getReadOnlyProperty();
    }

    public Frame current() {
        return frame.get();
    }

    // ---- a long trace still running -----------------------------------------------------------------------

    /** True while the frames are still being computed (a long trace shown from its first chunk). */
    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }

    /** "running steps 23,000 / ~100,000" while loading, then empty. */
    public javafx.beans.property.ReadOnlyStringProperty progress() {
        return progress.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyDoubleProperty progressFraction() {
        return progressFraction.getReadOnlyProperty();
    }

    /** More frames are on their way: shows how far the run is. */
    public void loadingProgress(String text, double fraction) {
        loading.set(true);
        progress.set(text);
        progressFraction.set(fraction);
    }

    /** The next chunk of a running trace: its frames join the timeline, what they show that is new joins the canvas. */
    public void append(List<Frame> more, List<GraphModel> newShapes) {
        if (!newShapes.isEmpty()) {
            onNewShapes.accept(newShapes);
        }
        stepper.append(more);
    }

    /** Every frame is in. */
    public void loaded() {
        loading.set(false);
        progress.set("");
        progressFraction.set(1);
    }

    public void setOnNewShapes(java.util.function.Consumer<List<GraphModel>> handler) {
        onNewShapes = handler;
    }

    // ---- selection and filters ---------------------------------------------------------------------------

    /** The object clicked last (the inspector shows it, the log lists only the steps that touched it), or null. */
    public ReadOnlyObjectProperty<NodeId> selection() {
        return selection.getReadOnlyProperty();
    }

    public void select(NodeId node) {
        selection.set(node);
    }

    /** `D`: dim everything but diverged or implicit idevs and what they point at. */
    public ReadOnlyBooleanProperty divergentOnly() {
        return divergentOnly.getReadOnlyProperty();
    }

    public void setDivergentOnly(boolean on) {
        divergentOnly.set(on);
    }

    public void toggleDivergentOnly() {
        divergentOnly.set(!divergentOnly.get());
    }

    /** The frames where another what-if branch goes its own way (the last step both share). */
    public ReadOnlyObjectProperty<List<Integer>> forks() {
        return forks.getReadOnlyProperty();
    }

    public void setForks(List<Integer> frames) {
        forks.set(List.copyOf(frames));
    }

    // ---- where the frames came from ----------------------------------------------------------------------

    /** Names the scenario file these frames came from, its title and the profile it ran under. */
    public void setSource(Path file, String title, String profile) {
        this.sourceFile = file;
        this.title = title;
        this.profile = profile;
    }

    public Path sourceFile() {
        return sourceFile;
    }

    public String title() {
        return title;
    }

    public String profile() {
        return profile;
    }

    // ---- the current frame, projected for each view ------------------------------------------------------

    /** "Step 12 · attach: {…} → ok" and the step's caption under it. */
    public String caption() {
        Frame f = current();
        String head = f.number() == 0 ? "Step 0" : "Step " + f.number() + " · " + f.op() + " → " + f.outcome();
        return f.captioned() ? head + "\n" + f.caption() : head;
    }

    /** The step's changes, the kernel's reason and the divergences, one line each. */
    public List<String> stepChanges() {
        return StepChanges.of(current());
    }

    /** The inspector's title for the selection: its id and the handle the scenario names it by ("hwpt-6 · hwpt2"). */
    public String inspectedHeading() {
        NodeId n = selection.get();
        if (n == null) {
            return null;
        }
        String handle = handleOf(n);
        return handle.isEmpty() ? n.css() : n.css() + " · " + handle;
    }

    /** Every field of the selected object at the current step; none when nothing is selected. */
    public List<ObjectFields.Field> inspected() {
        NodeId n = selection.get();
        return n == null ? List.of() : ObjectFields.of(current().state(), n, handleOf(n));
    }

    private String handleOf(NodeId n) {
        GraphModel.Node node = current().graph().nodes().get(n.css());
        return node == null ? "" : node.handle();
    }

    /** The IOAS bars of the current step, with what the step did to them. */
    public List<IoasModel> ioas() {
        return IoasProjection.of(current().state(), current().events());
    }

    /** What is on screen now, ready to export as PNG or SVG or to copy as a render command. */
    public ViewExport viewExport(GraphLayout layout) {
        return new ViewExport(sourceFile, title, profile, stepper.frames(), layout, stepper.index().get(), divergentOnly.get());
    }
}
