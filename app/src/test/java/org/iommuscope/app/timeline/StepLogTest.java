package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.css.PseudoClass;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The op log over a million steps: a jump to any row shows it at once and reads only the rows in view; the rows are
 * striped, selected and styled as a table's; the wheel, the scroll bar, a click and the row menu work.
 */
@ExtendWith(ApplicationExtension.class)
class StepLogTest {
    private static final int STEPS = 1_000_000;
    private static List<Frame> frames;

    private StepLog log;
    private FilteredList<Frame> items;
    private final AtomicInteger opsAsked = new AtomicInteger();
    private final List<Frame> clicked = new ArrayList<>();

    private static synchronized List<Frame> frames() {
        if (frames == null) {
            List<Frame> all = new ArrayList<>(STEPS + 1);
            for (int i = 0; i <= STEPS; i++) {
                all.add(new Frame(i, "ioas_map: {iova: " + i + "}", i % 7 == 3 ? "EINVAL" : "ok", null, true, null, List.of(), null, null, 0));
            }
            frames = all;
        }
        return frames;
    }

    private OwnStage own;

    @Start
    void start(Stage stage) {
        items = new FilteredList<>(FXCollections.observableArrayList(frames()));
        log = new StepLog();
        log.setId("op-log");
        log.setItems(items);
        StepLog.Column num = new StepLog.Column("#", f -> Integer.toString(f.number()));
        num.setPrefWidth(70);
        StepLog.Column op = new StepLog.Column("op", f -> {
            opsAsked.incrementAndGet();
            return f.op();
        });
        op.setPrefWidth(300);
        op.setMinWidthEm(10);
        StepLog.Column outcome = new StepLog.Column("outcome", Frame::outcome, f -> "EINVAL".equals(f.outcome()) ? "refused-cell" : null);
        log.getColumns().addAll(List.of(num, op, outcome));
        log.setRowClasses(f -> "ok".equals(f.outcome()) ? List.of() : List.of("errno-step"));
        log.setOnRowClicked((f, e) -> clicked.add(f));
        ContextMenu menu = new ContextMenu(new MenuItem("Caption…"));
        menu.setId("row-menu");
        log.setRowMenu(f -> menu);
        // The log at its preferred size in a pane: a test narrows the log.
        log.setPrefSize(700, 400);
        own = new OwnStage(new javafx.scene.layout.Pane(log), 700, 400);
    }

    @org.junit.jupiter.api.AfterEach
    void closeOwnStage(FxRobot robot) {
        own.close(robot);
    }

    private static boolean is(StepLog.Row r, String pseudoClass) {
        return r.getPseudoClassStates().contains(PseudoClass.getPseudoClass(pseudoClass));
    }

    /** Selects {@code row} and scrolls it to the fourth place, as the timeline does on a jump, with the CSS and layout it causes. */
    private void jump(FxRobot robot, int row) {
        robot.interact(() -> {
            log.select(row);
            log.scrollTo(Math.max(0, row - 3));
            log.applyCss();
            log.layout();
        });
    }

    @Test
    void aJumpAcrossAMillionRowsShowsTheRowAndReadsOnlyTheRowsInView(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<StepLog.Row> rows = log.rows();
        double rowH = log.rowHeight();
        // As many rows as the log's height holds (the stage may be any size a test before this one left it).
        assertTrue(rows.size() >= 10 && rows.size() <= Math.ceil(log.getHeight() / rowH), "rows: " + rows.size() + " in " + log.getHeight());
        opsAsked.set(0);
        jump(robot, 900_000);
        assertTrue(opsAsked.get() <= rows.size(), "op texts asked for a jump: " + opsAsked.get());
        assertEquals(899_997, log.top());
        rows = log.rows();
        for (int i = 0; i < rows.size(); i++) {
            StepLog.Row r = rows.get(i);
            assertEquals(899_997 + i, r.getItem().number(), "row " + i);
            assertEquals(i * rowH, r.getLayoutY(), 0.01, "row " + i + " sits under the one before");
            assertEquals(r.getItem().number() == 900_000, is(r, "selected"), "row " + i);
            assertEquals(r.getIndex() % 2 == 1, is(r, "odd"), "row " + i);
        }
        assertEquals(900_000, log.getSelectedItem().number());
        ScrollBar bar = robot.lookup("#op-log .scroll-bar").queryAs(ScrollBar.class);
        assertEquals(899_997, bar.getValue(), 0.0);
        assertEquals(STEPS + 1 - log.rowsInView(), bar.getMax(), 0.0);
    }

    @Test
    void theLastRowsFillTheViewAndAFilterShortensIt(FxRobot robot) {
        jump(robot, STEPS);
        List<StepLog.Row> rows = log.rows();
        assertEquals(STEPS + 1 - log.rowsInView(), log.top(), "the last row is at the bottom, not the fourth");
        assertEquals(STEPS, rows.get(log.rowsInView() - 1).getItem().number());
        assertTrue(is(rows.get(log.rowsInView() - 1), "selected"));

        // Every 7th step from 3 is refused: 142,857 rows; the view moves back inside them.
        robot.interact(() -> {
            items.setPredicate(f -> "EINVAL".equals(f.outcome()));
            log.applyCss();
            log.layout();
        });
        assertEquals(142_857, log.getItems().size());
        assertEquals(142_857 - log.rowsInView(), log.top());
        assertNull(log.getSelectedItem(), "the selected row went with the filter");
        rows = log.rows();
        assertEquals(999_995, rows.get(log.rowsInView() - 1).getItem().number(), "the last refused step: 3 + 7 × 142,856");
        assertTrue(rows.get(0).getStyleClass().contains("errno-step"), rows.get(0).getStyleClass().toString());
        assertTrue(robot.lookup(".refused-cell").tryQuery().isPresent(), "the outcome column's cell class");

        // A few rows more than fit: the thumb is the share of the rows in view, and the bar still scrolls.
        int[] fit = new int[1];
        robot.interact(() -> fit[0] = log.rowsInView());
        robot.interact(() -> {
            items.setPredicate(f -> f.number() < fit[0] + 4);
            log.applyCss();
            log.layout();
        });
        ScrollBar bar = robot.lookup("#op-log .scroll-bar").queryAs(ScrollBar.class);
        assertTrue(bar.isVisible());
        assertEquals(4, bar.getMax(), 0.0, "the first row shown goes from 0 to 4");
        assertEquals((double) fit[0] / (fit[0] + 4), bar.getVisibleAmount() / (bar.getMax() - bar.getMin()), 1e-9, "thumb share");
        assertEquals(4, log.top(), "the view stays at the end");
        robot.interact(() -> {
            log.scrollTo(0);
            bar.increment();
        });
        assertEquals(1, log.top(), "the bar's arrow scrolls a row");

        robot.interact(() -> items.setPredicate(f -> f.number() < 5));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, log.top());
        assertFalse(robot.lookup("#op-log .scroll-bar").queryAs(ScrollBar.class).isVisible(), "five rows fit: no scroll bar");
        rows = log.rows();
        assertEquals(4, rows.get(4).getItem().number());
        assertNull(rows.get(5).getItem(), "rows past the last are empty");
        assertTrue(is(rows.get(5), "empty"));
    }

    @Test
    void theWheelScrollsThreeRowsANotchAndAClickOrTheMenuSaysWhichStep(FxRobot robot) {
        jump(robot, 500);
        // A notch of the wheel towards the user is a scroll of -40 (as a TableView reads it: later rows come up).
        wheel(robot, log.rows().get(2), -40);
        wheel(robot, log.rows().get(2), -40);
        int top = log.top();
        assertEquals(497 + 6, top, "two notches down");
        wheel(robot, log.rows().get(5), 40);
        assertEquals(top - 3, log.top());

        StepLog.Row second = log.rows().get(1);
        robot.clickOn(second);
        assertEquals(List.of(frames().get(log.top() + 1)), clicked);
        robot.rightClickOn(log.rows().get(4));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".context-menu").tryQuery().isPresent(), "the row's menu");
        robot.clickOn("Caption…");
    }

    @Test
    void theLastColumnTakesWhatIsLeftAndANarrowLogTakesFromTheColumnsThatMayGive(FxRobot robot) {
        double em = robot.lookup(".column-header .label").queryAs(javafx.scene.control.Label.class).getFont().getSize();
        for (double width : new double[] {700, 400, 200}) {
            robot.interact(() -> {
                log.setPrefWidth(width);
                log.getParent().applyCss();
                log.getParent().layout();
            });
            double sheet = log.rows().get(0).getWidth();
            // "#" 70 and "outcome" 80 keep their width; "op" gives from its 300 down to 10 em; "outcome", the last, gets the rest.
            double op = Math.max(10 * em, Math.min(300, sheet - 70 - 80));
            assertEquals(70, log.widthOf(0), 0.5, "# at " + width);
            assertEquals(op, log.widthOf(1), 0.5, "op at " + width);
            assertEquals(Math.max(80, sheet - 70 - op), log.widthOf(2), 0.5, "outcome at " + width);
        }
    }

    @Test
    void theRowsLookLikeATablesStripedWithTheSelectedOneMarked(FxRobot robot) throws Exception {
        jump(robot, 20);
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = log.snapshot(null, null));
        List<StepLog.Row> rows = log.rows();
        // 17 (even, ok), 18 (odd, ok), 20 (selected): sampled right of the text, in the op column.
        double x = 290;
        Color even = colourOf(shot[0], rows.get(0), x);
        Color odd = colourOf(shot[0], rows.get(1), x);
        Color selected = colourOf(shot[0], rows.get(3), x);
        assertEquals(17, rows.get(0).getItem().number());
        assertNotEquals(even, odd, "odd rows are striped");
        assertNotEquals(even, selected, "the selected row is marked");
        assertNotEquals(odd, selected);
        org.iommuscope.app.Screenshots.save(log.getScene(), "step-log");
    }

    private static void wheel(FxRobot robot, javafx.scene.Node over, double deltaY) {
        javafx.geometry.Bounds b = over.localToScene(over.getLayoutBounds());
        double x = b.getCenterX();
        double y = b.getCenterY();
        robot.interact(() -> javafx.event.Event.fireEvent(over, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                x, y, x, y, false, false, false, false, false, false, 0, deltaY, 0, deltaY,
                javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0, javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0,
                0, null)));
    }

    private static Color colourOf(WritableImage shot, StepLog.Row row, double x) {
        javafx.geometry.Bounds b = row.localToScene(row.getLayoutBounds());
        return shot.getPixelReader().getColor((int) x, (int) (b.getMinY() + b.getHeight() / 2));
    }
}
