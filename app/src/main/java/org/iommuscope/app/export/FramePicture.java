package org.iommuscope.app.export;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import org.iommuscope.app.graph.Legend;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.Motion;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.timeline.Frame;

/**
 * A step as a picture, drawn offscreen by the window's own canvas: caption bar, the whole graph at its
 * laid-out size, and the legend. One picture serves every step of a scenario (one layout, one scene), so
 * rendering a frame only restyles what the step changed. Use on the JavaFX thread.
 */
public final class FramePicture {
    private final VBox root;
    private final Label caption = new Label();
    private final TopologyView canvas = new TopologyView();
    private final FlowPane legend = Legend.create();

    /** A picture with no frames yet: the scene with its stylesheet applied, ready while a layout is computed. */
    public FramePicture() {
        caption.getStyleClass().add("caption-bar");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        root = new VBox(caption, canvas, legend);
        VBox.setMargin(legend, new Insets(4, 8, 4, 8));
        root.getStyleClass().add("topology");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(org.iommuscope.app.appearance.Theme.base());
        root.applyCss();
    }

    /** @param layout the window's layout of these frames, to reuse; null to lay them out here */
    public FramePicture(List<Frame> frames, GraphLayout layout) {
        this();
        setFrames(frames, layout);
    }

    /** The scenario to draw: one node per object of any frame, at the union layout's places. */
    public void setFrames(List<Frame> frames, GraphLayout layout) {
        canvas.setFrames(frames.stream().map(Frame::graph).toList(), layout);
        GraphLayout l = canvas.graphLayout();
        Legend.show(legend, l);
        double width = Math.ceil(Math.max(l.width(), 360));
        double height = Math.ceil(l.height());
        canvas.setMinSize(width, height);
        canvas.setPrefSize(width, height);
        canvas.setMaxSize(width, height);
        legend.setPrefWrapLength(width - 16);
        legend.setMaxWidth(width - 16);
        root.setMinWidth(width);
        root.setPrefWidth(width);
        root.setMaxWidth(width);
        // Every frame gets the caption height of the wordiest one: a scenario's frames share one size.
        caption.setMinHeight(Region.USE_COMPUTED_SIZE);
        caption.setPrefHeight(Region.USE_COMPUTED_SIZE);
        double tallest = 0;
        for (Frame f : frames) {
            caption.setText(text(f));
            root.applyCss();
            tallest = Math.max(tallest, caption.prefHeight(width));
        }
        // At most three lines, as in the window: a long description must not squeeze the picture.
        double cap = caption.getFont().getSize() * 1.35 * StepNames.MAX_CAPTION_LINES + 14;
        double h = Math.ceil(Math.min(tallest, cap));
        caption.setMinHeight(h);
        caption.setPrefHeight(h);
        caption.setMaxHeight(Region.USE_PREF_SIZE);
    }

    /** The picture of one step; its pixel size is {@link #width()} × {@link #height()} times the scale. */
    public WritableImage snapshot(Frame f, boolean divergentOnly, double scale) {
        if (moving) {
            // Whatever is still in flight lands first: the step at rest is drawn as if its motion had run out.
            canvas.seek(Motion.STEP_MS);
            moving = false;
        }
        caption.setText(text(f));
        canvas.show(f.picture(), false);
        canvas.setDivergentOnly(divergentOnly);
        return draw(scale);
    }

    private boolean moving;

    /**
     * Starts the step to {@code f} from the step drawn last, with the window's animation of it (an edge
     * travelling, objects fading, a probe drawing its path) held at its start; {@link #snapshotAt} draws it at any
     * moment. The window animates only a step forward by one, so {@code f} should follow the last step drawn.
     */
    public void beginStep(Frame f, boolean divergentOnly) {
        canvas.setScrubbed(true);
        caption.setText(text(f));
        canvas.show(f.picture(), true);
        canvas.setDivergentOnly(divergentOnly);
        moving = true;
    }

    /** The step begun last, {@code ms} into its motion (see {@link Motion#STEP_MS}). */
    public WritableImage snapshotAt(double ms, double scale) {
        canvas.seek(ms);
        return draw(scale);
    }

    private WritableImage draw(double scale) {
        root.applyCss();
        root.layout();
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.WHITE);
        p.setTransform(Transform.scale(scale, scale));
        return root.snapshot(p, null);
    }

    /** The picture's size in view pixels (at scale 1). */
    public double width() {
        root.applyCss();
        root.layout();
        return root.getLayoutBounds().getWidth();
    }

    public double height() {
        root.applyCss();
        root.layout();
        return root.getLayoutBounds().getHeight();
    }

    private static String text(Frame f) {
        String head = StepNames.heading(f);
        return f.captioned() ? head + "\n" + f.caption().strip() : head;
    }
}
