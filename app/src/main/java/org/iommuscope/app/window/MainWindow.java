package org.iommuscope.app.window;

import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.graph.Legend;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.inspector.InspectorView;
import org.iommuscope.app.timeline.DiffPanel;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.StepperModel;
import org.iommuscope.app.timeline.TimelineView;

/**
 * One scenario on screen: canvas (centre), inspector (right), timeline and diff (bottom), caption bar
 * (top). The stepper's index drives all of them; key actions are dispatched from one table.
 */
public final class MainWindow extends BorderPane {
    private final StepperModel stepper;
    private final TopologyView canvas = new TopologyView();
    private final InspectorView inspector = new InspectorView();
    private final DiffPanel diff = new DiffPanel();
    private final TimelineView timeline;
    private final Label caption = new Label();
    private final org.iommuscope.app.ioas.IoasPanel ioasPanel = new org.iommuscope.app.ioas.IoasPanel();
    private final javafx.scene.layout.FlowPane legend = Legend.create();
    private final org.iommuscope.app.keys.KeyTable keys;
    /** Where the frames came from (for export and "copy view as command"); null for frames built in code. */
    private java.nio.file.Path sourceFile;
    private String sourceTitle = "";
    private String sourceProfile = "";

    public MainWindow(List<Frame> frames) {
        this(frames, null);
    }

    /** A window on {@code frames} drawn on {@code layout}, computed elsewhere for these frames (null: here). */
    public MainWindow(List<Frame> frames, org.iommuscope.app.graph.GraphLayout layout) {
        getStyleClass().add("main-window");
        stepper = new StepperModel(frames);
        keys = org.iommuscope.app.keys.KeyTable.stepping(stepper);
        timeline = new TimelineView(stepper);
        canvas.setFrames(frames.stream().map(Frame::graph).toList(), layout);
        canvas.setId("canvas");
        caption.setId("caption");
        caption.getStyleClass().add("caption-bar");
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setWrapText(true);
        // At most three lines: a long description must not squeeze the picture; the whole text is a hover away.
        caption.setMaxHeight(Region.USE_PREF_SIZE);
        caption.maxHeightProperty().bind(caption.fontProperty().map(f -> f.getSize() * 1.35 * 3 + 14));
        caption.setTooltip(new javafx.scene.control.Tooltip());
        caption.getTooltip().textProperty().bind(caption.textProperty());
        caption.getTooltip().setWrapText(true);
        caption.getTooltip().setMaxWidth(900);
        // The legend has its own strip: it is always visible and never hides part of the picture.
        VBox canvasWithLegend = new VBox(canvas, legend);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        VBox.setMargin(legend, new javafx.geometry.Insets(4, 8, 4, 8));
        legend.setMouseTransparent(true);
        javafx.scene.control.ScrollPane ioasScroll = new javafx.scene.control.ScrollPane(ioasPanel);
        ioasScroll.setFitToWidth(true);
        ioasScroll.setId("ioas-view");
        SplitPane canvasAndIoas = new SplitPane(canvasWithLegend, ioasScroll);
        canvasAndIoas.setOrientation(javafx.geometry.Orientation.VERTICAL);
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
        bottom.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(timeline.status().getFont().getSize() * 20, Math.max(260, getHeight() * 0.4)),
                timeline.status().fontProperty(), heightProperty()));
        setTop(new VBox(caption));
        setCenter(centre);
        setBottom(bottom);
        canvas.setOnSelect(id -> {
            inspector.show(stepper.current().state(), id);
            timeline.filterTo(id);
        });
        stepper.index().addListener((o, a, b) -> render(stepper.lastWasStepForward() && !Preferences.reducedMotion()));
        // A what-if step replaced the frames: place what is new, keep everything else where it is.
        stepper.revision().addListener((o, a, b) -> {
            canvas.extendFrames(stepper.frames().stream().map(Frame::graph).toList());
            render(false);
        });
        bindActions();
        render(false);
    }

    private void bindActions() {
        keys.put(KeyAction.ZOOM_IN, () -> canvas.zoom(1.2));
        keys.put(KeyAction.ZOOM_OUT, () -> canvas.zoom(1 / 1.2));
        keys.put(KeyAction.ZOOM_RESET, canvas::resetZoom);
        keys.put(KeyAction.FIT, canvas::fit);
        keys.put(KeyAction.DIVERGENT_ONLY, () -> canvas.setDivergentOnly(!canvas.divergentOnly()));
        keys.put(KeyAction.COPY_VIEW_COMMAND, () -> viewExport().copyCommand());
    }

    /** Installs the key table on a scene, with the window-level actions {@code more}. */
    public void install(Scene scene, Map<KeyAction, Runnable> more) {
        keys.putAll(more).install(scene);
    }

    private void render(boolean animate) {
        Frame f = stepper.current();
        GraphModel g = f.graph();
        canvas.show(g, f.events(), animate);
        caption.setText(captionText(f));
        diff.show(f);
        inspector.show(f.state(), canvas.selected());
        ioasPanel.show(f.state(), f.events(), animate);
    }

    private static String captionText(Frame f) {
        String head = f.number() == 0 ? "Step 0" : "Step " + f.number() + " · " + f.op() + " → " + f.outcome();
        return f.captioned() ? head + "\n" + f.caption() : head;
    }

    /** Names the scenario file these frames came from, its title and the profile it ran under. */
    public void setSource(java.nio.file.Path file, String title, String profile) {
        this.sourceFile = file;
        this.sourceTitle = title;
        this.sourceProfile = profile;
    }

    /** What is on screen now, ready to export as PNG or SVG or to copy as a render command. */
    public org.iommuscope.app.export.ViewExport viewExport() {
        return new org.iommuscope.app.export.ViewExport(sourceFile, sourceTitle, sourceProfile, stepper.frames(), canvas.graphLayout(),
                stepper.index().get(), canvas.divergentOnly());
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

    public org.iommuscope.app.ioas.IoasPanel ioasPanel() {
        return ioasPanel;
    }

    public DiffPanel diff() {
        return diff;
    }
}
