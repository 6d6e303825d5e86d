package org.iommuscope.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.graph.GraphLayout;
import org.iommuscope.app.graph.GraphModel;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.timeline.StepperModel;
import org.iommuscope.app.timeline.TimelineView;

/**
 * "Compare profiles": one scenario under two profiles, two canvases stepping together on one index. Both
 * share one layout over the union of both runs, so an object sits at the same place in both; the first
 * step where the runs part is flagged on the timeline, and what differs at the current step is outlined
 * (pseudo-class `:differs`) in both canvases.
 */
public final class SideBySideView extends BorderPane implements org.iommuscope.app.window.Lifecycle {
    public static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");

    private final ProfilePair pair;
    private final StepperModel stepper;
    private final TopologyView left = new TopologyView();
    private final TopologyView right = new TopologyView();
    private final TimelineView timeline;
    private final Label caption = new Label();
    private final Label facts = new Label();
    private final org.iommuscope.app.keys.KeyTable keys;
    private Set<String> differing = Set.of();
    private javafx.util.Subscription active = javafx.util.Subscription.EMPTY;

    public SideBySideView(ProfilePair pair) {
        this.pair = pair;
        getStyleClass().add("side-by-side");
        stepper = new StepperModel(pair.leftFrames());
        keys = org.iommuscope.app.timeline.SteppingKeys.of(stepper);
        timeline = new TimelineView(stepper);
        List<GraphModel> union = new ArrayList<>();
        pair.leftFrames().forEach(f -> union.add(f.graph()));
        pair.rightFrames().forEach(f -> union.add(f.graph()));
        GraphLayout shared = GraphLayout.of(union);
        left.setFrames(pair.leftFrames().stream().map(Frame::graph).toList(), shared);
        right.setFrames(pair.rightFrames().stream().map(Frame::graph).toList(), shared);
        left.setId("canvas-left");
        right.setId("canvas-right");
        SplitPane canvases = new SplitPane(column(pair.leftKey(), left), column(pair.rightKey(), right));
        canvases.setOrientation(Orientation.HORIZONTAL);
        caption.setId("compare-caption");
        caption.getStyleClass().add("caption-bar");
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setWrapText(true);
        facts.setId("compare-facts");
        facts.getStyleClass().add("compare-facts");
        facts.setWrapText(true);
        facts.setMaxWidth(Double.MAX_VALUE);
        int first = pair.firstDifferingStep();
        timeline.markStep(first, first < 0 ? "" : "⚑ first difference: step " + first + " — " + pair.firstDifferenceText());
        timeline.setPrefHeight(220);
        VBox bottom = new VBox(facts, timeline);
        VBox.setMargin(facts, new Insets(4, 8, 0, 8));
        setTop(caption);
        setCenter(canvases);
        setBottom(bottom);
        stepper.index().addListener((o, a, b) -> render(stepper.lastWasStepForward() && !Preferences.reducedMotion()));
        bindActions();
        render(false);
    }

    private static VBox column(String profile, TopologyView canvas) {
        Label head = new Label(profile);
        head.getStyleClass().add("compare-profile");
        head.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(head, canvas);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        return box;
    }

    private void bindActions() {
        keys.put(KeyAction.FIT, this::fit);
    }

    /** Adds the window-level actions {@code more} to its key table. */
    public void addActions(Map<KeyAction, Runnable> more) {
        keys.putAll(more);
    }

    /** Acts on its scene's keys until {@link #deactivate}. */
    @Override
    public void activate() {
        active.unsubscribe();
        active = keys.install(getScene());
    }

    /** Takes its keys off the scene and stops playing (its window closed). */
    @Override
    public void deactivate() {
        active.unsubscribe();
        active = javafx.util.Subscription.EMPTY;
        stepper.stop();
        left.stopAnimations();
        right.stopAnimations();
    }

    public void fit() {
        left.fit();
        right.fit();
    }

    private void render(boolean animate) {
        int i = stepper.index().get();
        Frame l = pair.leftFrames().get(i);
        Frame r = pair.rightFrames().get(i);
        left.show(l.picture(), animate);
        right.show(r.picture(), animate);
        differing = GraphDifference.nodesThatDiffer(l.graph(), r.graph());
        outline(left);
        outline(right);
        String head = i == 0 ? "Step 0" : "Step " + i + " · " + l.op() + " → " + l.outcome() + " | " + r.outcome();
        caption.setText(l.captioned() ? head + "\n" + l.caption().strip() : head);
        List<String> stepFacts = pair.factsAt(i);
        if (!stepFacts.isEmpty()) {
            facts.setText((i == pair.firstDifferingStep() ? "⚑ first difference — " : "differs — ")
                    + pair.leftKey() + " | " + pair.rightKey() + ":  " + String.join(";  ", stepFacts));
        } else if (!differing.isEmpty()) {
            facts.setText("the states still differ: " + String.join(", ", pair.stateFacts(i)));
        } else {
            facts.setText("same result and state under " + pair.leftKey() + " and " + pair.rightKey());
        }
    }

    private void outline(TopologyView canvas) {
        for (javafx.scene.Node n : canvas.lookupAll(".node")) {
            n.pseudoClassStateChanged(DIFFERS, differing.contains(n.getId()));
        }
    }

    public StepperModel stepper() {
        return stepper;
    }

    public TopologyView left() {
        return left;
    }

    public TopologyView right() {
        return right;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public Label facts() {
        return facts;
    }

    /** The objects outlined as differing at the current step. */
    public Set<String> differing() {
        return differing;
    }
}
