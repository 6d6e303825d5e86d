package org.iommuscope.app.window;

import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;
import org.iommuscope.app.export.ViewExport;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.Legend;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.inspector.InspectorView;
import org.iommuscope.app.ioas.IoasPanel;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.keys.KeyTable;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.timeline.DiffPanel;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.SteppingKeys;
import org.iommuscope.app.timeline.StepperModel;
import org.iommuscope.app.timeline.TimelineView;

/**
 * One scenario on screen: canvas (centre), inspector (right), timeline and diff (bottom), caption bar
 * (top), all bound to one {@link ScenarioViewModel}. Active ({@link #activate}) it acts on its scene's keys
 * through one table; deactivated it takes the table off and stops playing.
 */
public final class MainWindow extends BorderPane implements Lifecycle {
    private final ScenarioViewModel model;
    private final StepperModel stepper;
    private final TopologyView canvas = new TopologyView();
    private final InspectorView inspector = new InspectorView();
    private final DiffPanel diff = new DiffPanel();
    private final TimelineView timeline;
    private final Label caption = new Label();
    private final IoasPanel ioasPanel = new IoasPanel();
    private final FlowPane legend = Legend.create();
    private final KeyTable keys;
    private Subscription active = Subscription.EMPTY;

    public MainWindow(List<Frame> frames) {
        this(frames, null);
    }

    /** A window on {@code frames} drawn on {@code layout}, computed elsewhere for these frames (null: here). */
    public MainWindow(List<Frame> frames, GraphLayout layout) {
        this(new ScenarioViewModel(frames), layout);
    }

    public MainWindow(ScenarioViewModel model, GraphLayout layout) {
        this(model, layout, null);
    }

    /**
     * As {@link #MainWindow(ScenarioViewModel, GraphLayout)}, the canvas making its boxes from {@code shapes}
     * (the pictures that together show every object and link of the frames so far) rather than from every
     * frame's picture: a long trace's frames project theirs only when shown. Null: every frame's.
     */
    public MainWindow(ScenarioViewModel model, GraphLayout layout, List<org.iommuscope.app.graph.GraphModel> shapes) {
        this.model = model;
        getStyleClass().add("main-window");
        stepper = model.stepper();
        keys = SteppingKeys.of(stepper);
        timeline = new TimelineView(stepper);
        canvas.setFrames(shapes != null ? shapes : stepper.frames().stream().map(Frame::graph).toList(), layout);
        Legend.show(legend, canvas.graphLayout());
        canvas.setId("canvas");
        caption.setId("caption");
        caption.getStyleClass().add("caption-bar");
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setWrapText(true);
        // At most three lines: a long description must not squeeze the picture; the whole text is a hover away.
        caption.setMaxHeight(Region.USE_PREF_SIZE);
        caption.maxHeightProperty().bind(caption.fontProperty().map(f -> f.getSize() * 1.35 * 3 + 14));
        caption.setTooltip(new Tooltip());
        caption.getTooltip().textProperty().bind(caption.textProperty());
        caption.getTooltip().setWrapText(true);
        caption.getTooltip().setMaxWidth(900);
        // The legend has its own strip: it is always visible and never hides part of the picture.
        VBox canvasWithLegend = new VBox(canvas, legend);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        VBox.setMargin(legend, new Insets(4, 8, 4, 8));
        legend.setMouseTransparent(true);
        ScrollPane ioasScroll = new ScrollPane(ioasPanel);
        ioasScroll.setFitToWidth(true);
        ioasScroll.setId("ioas-view");
        SplitPane canvasAndIoas = new SplitPane(canvasWithLegend, ioasScroll);
        canvasAndIoas.setOrientation(Orientation.VERTICAL);
        canvasAndIoas.setDividerPositions(0.72);
        SplitPane centre = new SplitPane(canvasAndIoas, inspector);
        centre.setDividerPositions(0.76);
        HBox bottom = new HBox(8, timeline, diff);
        HBox.setHgrow(timeline, Priority.ALWAYS);
        diff.setPrefWidth(420);
        // The panel keeps its width; the timeline (whose log and status line can always want more) takes
        // the rest. Otherwise a long status line squeezed the panel, and it jumped as one stepped.
        diff.setMinWidth(Region.USE_PREF_SIZE);
        // 20 lines of text (260 px at 100 %), so the log keeps its rows as the text zoom grows, but never
        // more than 40 % of the window: the picture comes first.
        bottom.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(timeline.status().getFont().getSize() * 20, Math.max(260, getHeight() * 0.4)),
                timeline.status().fontProperty(), heightProperty()));
        setTop(new VBox(caption));
        setCenter(centre);
        setBottom(bottom);
        bind();
        bindActions();
        render(false);
    }

    /** The views follow the model: the selection, the filter, the fork marks, the frame. */
    private void bind() {
        canvas.setOnSelect(model::select);
        model.selection().addListener((o, a, b) -> {
            inspector.show(model.inspectedHeading(), model.inspected());
            timeline.filterTo(b);
        });
        model.divergentOnly().addListener((o, a, b) -> canvas.setDivergentOnly(b));
        model.forks().addListener((o, a, b) -> timeline.setForks(b));
        // What the model held before this window was made (a recovered session's forks) shows at once.
        canvas.setDivergentOnly(model.divergentOnly().get());
        timeline.setForks(model.forks().get());
        stepper.index().addListener((o, a, b) -> render(stepper.lastWasStepForward() && !Preferences.reducedMotion()));
        // A what-if step replaced the frames: place what is new, keep everything else where it is.
        stepper.revision().addListener((o, a, b) -> {
            // Only the frames after those the change kept can bring something new: a what-if step at step 50,000 of a
            // trace projects the pictures of the steps after its fork that may change the shape, not 50,001 pictures.
            List<Frame> all = stepper.frames();
            List<org.iommuscope.app.graph.GraphModel> fresh = new java.util.ArrayList<>();
            for (int i = stepper.kept(); i < all.size(); i++) {
                if (i == stepper.kept() || all.get(i).mayChangeShape()) {
                    fresh.add(all.get(i).graph());
                }
            }
            canvas.extendFrames(fresh);
            Legend.show(legend, canvas.graphLayout());
            render(false);
        });
        // A long trace still running: what its next steps show that is new gets a place; nothing else moves.
        model.setOnNewShapes(shapes -> {
            canvas.extendFrames(shapes);
            Legend.show(legend, canvas.graphLayout());
        });
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("load-progress");
        bar.progressProperty().bind(model.progressFraction());
        bar.setPrefWidth(160);
        Label running = new Label();
        running.setId("load-progress-text");
        running.textProperty().bind(model.progress());
        HBox progress = new HBox(6, bar, running);
        progress.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        progress.visibleProperty().bind(model.loading());
        progress.managedProperty().bind(model.loading());
        timeline.addToStatusRow(progress);
    }

    private void bindActions() {
        keys.put(KeyAction.ZOOM_IN, () -> canvas.zoom(1.2));
        keys.put(KeyAction.ZOOM_OUT, () -> canvas.zoom(1 / 1.2));
        keys.put(KeyAction.ZOOM_RESET, canvas::resetZoom);
        keys.put(KeyAction.FIT, canvas::fit);
        keys.put(KeyAction.DIVERGENT_ONLY, model::toggleDivergentOnly);
        keys.put(KeyAction.COPY_VIEW_COMMAND, () -> viewExport().copyCommand());
    }

    /** The window's key table: the stepping and canvas keys, and whatever its owner adds (what-if, presenter). */
    public KeyTable keys() {
        return keys;
    }

    /** Adds actions to the key table ({@code more} wins over what the window has for the same key). */
    public void addActions(Map<KeyAction, Runnable> more) {
        keys.putAll(more);
    }

    /** Acts on its scene's keys, until {@link #deactivate}. */
    @Override
    public void activate() {
        active.unsubscribe();
        active = keys.install(getScene());
    }

    /** Takes its keys off the scene and stops playing: a window no longer shown does nothing. */
    @Override
    public void deactivate() {
        active.unsubscribe();
        active = Subscription.EMPTY;
        stepper.stop();
        canvas.stopAnimations();
    }

    private void render(boolean animate) {
        Frame f = stepper.current();
        canvas.show(f.picture(), animate);
        caption.setText(model.caption());
        diff.show(model.stepChanges());
        inspector.show(model.inspectedHeading(), model.inspected());
        ioasPanel.show(model.ioas(), animate);
    }

    /** Names the scenario file these frames came from, its title and the profile it ran under. */
    public void setSource(java.nio.file.Path file, String title, String profile) {
        model.setSource(file, title, profile);
    }

    /** What is on screen now, ready to export as PNG or SVG or to copy as a render command. */
    public ViewExport viewExport() {
        return model.viewExport(canvas.graphLayout());
    }

    public ScenarioViewModel model() {
        return model;
    }

    public StepperModel stepper() {
        return stepper;
    }

    public TopologyView canvas() {
        return canvas;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public IoasPanel ioasPanel() {
        return ioasPanel;
    }

    public DiffPanel diff() {
        return diff;
    }
}
