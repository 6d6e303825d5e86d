package org.iommuscope.app.present;

import java.util.EnumMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.timeline.Frame;
import org.iommuscope.app.window.Lifecycle;

/**
 * Presenter mode: fullscreen, the canvas and a large caption bar only ("Step N / M" and the step's `say`
 * text). The chrome comes back on leaving; every key of the table keeps working meanwhile. B or '.' blank
 * the screen until any key; H hides the cursor. Listeners are added on enter and removed on leave, so a
 * window that was never presented carries none; leaving gives back the view (zoom and pan) the user had.
 * Deactivated (its window replaced), it leaves.
 */
public final class PresenterMode implements Lifecycle {
    private final Stage stage;
    private final MainWindow window;
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
    private final Label step = new Label();
    private final Label op = new Label();
    private final Label say = new Label();
    private final VBox captionBar = new VBox(step, say, op);
    private final Region blank = new Region();
    /** Over the canvas while the cursor is hidden: the canvas's nodes ask for a hand cursor of their own. */
    private final Region cursorShield = new Region();
    private final StackPane stageArea = new StackPane();
    private final InvalidationListener follow = o -> showCaption();
    private final ChangeListener<Boolean> fullScreenLost = (o, was, now) -> {
        if (!now) {
            leave();
        }
    };
    private final EventHandler<KeyEvent> anyKeyUnblanks = e -> {
        if (isBlanked()) {
            setBlanked(false);
            e.consume();
        }
    };

    // What presenter mode took away, to give it back on leave.
    private Node savedTop;
    private Node savedCenter;
    private Node savedBottom;
    private Pane canvasHome;
    private int canvasIndex;
    /** The zoom and pan the user had before presenting. */
    private TopologyView.ViewState savedView;

    public PresenterMode(Stage stage, MainWindow window) {
        this.stage = stage;
        this.window = window;
        captionBar.getStyleClass().add("presenter-caption");
        captionBar.setId("presenter-caption");
        step.setId("presenter-step");
        step.getStyleClass().add("presenter-step");
        say.setId("presenter-say");
        say.getStyleClass().add("presenter-say");
        say.setWrapText(true);
        op.setId("presenter-op");
        op.getStyleClass().add("presenter-op");
        blank.setId("presenter-blank");
        blank.getStyleClass().add("presenter-blank");
        blank.setVisible(false);
        cursorShield.setCursor(Cursor.NONE);
        cursorShield.setVisible(false);
        stageArea.getStyleClass().add("presenter");
    }

    /** The presenter's entries of the key table. */
    public Map<KeyAction, Runnable> actions() {
        Map<KeyAction, Runnable> m = new EnumMap<>(KeyAction.class);
        m.put(KeyAction.PRESENTER, this::toggle);
        m.put(KeyAction.LEAVE_PRESENTER, this::leave);
        m.put(KeyAction.BLANK, () -> {
            if (isActive()) {
                setBlanked(true);
            }
        });
        m.put(KeyAction.HIDE_CURSOR, () -> {
            if (isActive()) {
                setCursorHidden(!isCursorHidden());
            }
        });
        return m;
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public boolean isActive() {
        return active.get();
    }

    public void toggle() {
        if (isActive()) {
            leave();
        } else {
            enter();
        }
    }

    public void enter() {
        if (isActive()) {
            return;
        }
        Node canvas = window.canvas();
        savedView = window.canvas().viewState();
        canvasHome = (Pane) canvas.getParent();
        canvasIndex = canvasHome.getChildren().indexOf(canvas);
        savedTop = window.getTop();
        savedCenter = window.getCenter();
        savedBottom = window.getBottom();
        canvasHome.getChildren().remove(canvas);
        stageArea.getChildren().setAll(canvas);
        window.setTop(null);
        window.setBottom(null);
        // The black screen and the cursor shield cover the caption bar too.
        VBox picture = new VBox(stageArea, captionBar);
        VBox.setVgrow(stageArea, Priority.ALWAYS);
        window.setCenter(new StackPane(picture, cursorShield, blank));
        window.getStyleClass().add("presenting");
        window.stepper().index().addListener(follow);
        stage.addEventFilter(KeyEvent.KEY_PRESSED, anyKeyUnblanks);
        stage.setFullScreenExitHint("");
        // Esc is our LEAVE_PRESENTER; the stage must not also take it (nor show its own hint).
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setFullScreen(true);
        stage.fullScreenProperty().addListener(fullScreenLost);
        active.set(true);
        showCaption();
        // The picture fills the room: fitted now, and again whenever going fullscreen (which the window
        // system does in its own time) or anything else changes the canvas's size.
        window.canvas().widthProperty().addListener(refit);
        window.canvas().heightProperty().addListener(refit);
        Platform.runLater(window.canvas()::fit);
    }

    private final javafx.beans.value.ChangeListener<Number> refit = (o, a, b) -> fitCanvas();

    private void fitCanvas() {
        window.canvas().fit();
    }

    public void leave() {
        if (!isActive()) {
            return;
        }
        active.set(false);
        stage.fullScreenProperty().removeListener(fullScreenLost);
        stage.removeEventFilter(KeyEvent.KEY_PRESSED, anyKeyUnblanks);
        window.stepper().index().removeListener(follow);
        setBlanked(false);
        setCursorHidden(false);
        stageArea.getChildren().clear();
        canvasHome.getChildren().add(Math.min(canvasIndex, canvasHome.getChildren().size()), window.canvas());
        window.setCenter(savedCenter);
        window.setTop(savedTop);
        window.setBottom(savedBottom);
        window.getStyleClass().remove("presenting");
        stage.setFullScreen(false);
        window.canvas().widthProperty().removeListener(refit);
        window.canvas().heightProperty().removeListener(refit);
        TopologyView.ViewState back = savedView;
        window.canvas().restoreView(back);
        restoreOnNextResize(back);
    }

    /**
     * Back in the window, the canvas takes its old size once the window system has left fullscreen: the
     * user's view is put back then too (a pan is measured from the canvas's corner).
     */
    private void restoreOnNextResize(TopologyView.ViewState back) {
        javafx.beans.value.ChangeListener<Number> once = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                window.canvas().widthProperty().removeListener(this);
                window.canvas().restoreView(back);
            }
        };
        window.canvas().widthProperty().addListener(once);
    }

    /** Nothing to wire until F11: the presenter's keys are in its window's table. */
    @Override
    public void activate() {
    }

    /** Its window goes off screen: presenting ends with it. */
    @Override
    public void deactivate() {
        leave();
    }

    private void showCaption() {
        Frame f = window.stepper().current();
        step.setText("Step " + f.number() + " / " + window.stepper().last());
        say.setText(f.captioned() ? f.caption().strip() : "");
        say.setManaged(f.captioned());
        say.setVisible(f.captioned());
        op.setText(f.number() == 0 ? "" : f.summary());
    }

    public boolean isBlanked() {
        return blank.isVisible();
    }

    /** Black over everything (canvas and caption), as a slide clicker's "b" does. */
    public void setBlanked(boolean on) {
        blank.setVisible(on);
    }

    public boolean isCursorHidden() {
        return cursorShield.isVisible();
    }

    public void setCursorHidden(boolean hidden) {
        cursorShield.setVisible(hidden);
        if (window.getScene() != null) {
            window.getScene().setCursor(hidden ? Cursor.NONE : null);
        }
    }

    /** The caption bar's labels, for tests and exports. */
    public Label stepLabel() {
        return step;
    }

    public Label sayLabel() {
        return say;
    }
}
