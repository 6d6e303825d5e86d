package org.iommuscope.app;

import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.shell.IommuscopeApp;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MainWindow window;
    private Scene scene;

    @Start
    void start(Stage stage) {
        window = new MainWindow(SeedFrames.frames(Profile.V6_15));
        scene = new Scene(window, 1400, 880);
        scene.getStylesheets().add(IommuscopeApp.stylesheet());
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        window.activate();
        stage.show();
    }

    private Region node(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Region.class);
    }

    private String status(FxRobot robot) {
        return robot.lookup("#status").queryAs(Label.class).getText();
    }

    @Test
    void arrowKeysAndButtonsStepForwardAndBack(FxRobot robot) {
        assertTrue(status(robot).startsWith("Step 0 / 14"));
        robot.type(KeyCode.RIGHT);
        assertTrue(status(robot).startsWith("Step 1 / 14 — bind 0000:06:0d.0: ok"), status(robot));
        robot.clickOn("#timeline-next");
        robot.clickOn("#timeline-next");
        assertEquals(3, window.stepper().index().get());
        robot.type(KeyCode.LEFT);
        assertEquals(2, window.stepper().index().get());
        robot.type(KeyCode.END);
        assertEquals(14, window.stepper().index().get());
        robot.clickOn("#timeline-first");
        assertEquals(0, window.stepper().index().get());
    }

    @Test
    void theDivergenceBadgeAppearsAtTheReplaceAndVanishesWhenTheSiblingCatchesUp(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        assertFalse(node(robot, "idev-2").getStyleClass().contains("diverged"));
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(node(robot, "idev-2").getStyleClass().contains("diverged"));
        javafx.scene.Node badge = node(robot, "idev-2").lookup(".badge");
        assertTrue(badge != null && badge.isVisible(), "the ⚠ badge");
        assertTrue(window.canvas().edgeVisible("rec-2"), "a dashed edge to the recorded hwpt");
        assertEquals("hwpt-6", window.canvas().edgeTarget("gd-26"), "the group's edge points at the real hwpt");
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_CATCH_UP));
        assertFalse(node(robot, "idev-2").getStyleClass().contains("diverged"));
        assertFalse(badge.isVisible(), "the badge goes with the divergence");
        assertFalse(window.canvas().edgeVisible("rec-2"));
    }

    @Test
    void theObjectsAStepChangedAreOutlinedForThatStepOnly(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE));
        assertTrue(node(robot, "group-26").getStyleClass().contains("changed"), "the replace moved group 26");
        assertTrue(node(robot, "hwpt-6").getStyleClass().contains("changed"), "hwpt 6 gained references");
        assertTrue(node(robot, "ioas-4").getStyleClass().contains("changed"), "the group's reserved regions moved into ioas 4");
        assertFalse(node(robot, "group-27").getStyleClass().contains("changed"), "group 27 took no part");
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE + 1));
        assertFalse(node(robot, "group-26").getStyleClass().contains("changed"), "the map step did not touch the group");
        assertTrue(node(robot, "ioas-3").getStyleClass().contains("changed"), "the map step mapped into ioas 3");
    }

    @Test
    void withReducedMotionASteppedReplaceJumpsWithoutTravelling(FxRobot robot) {
        System.setProperty("iommuscope.reducedMotion", "true");
        try {
            robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
            robot.interact(window.stepper()::next);
            assertFalse(window.canvas().animating());
            assertEquals("hwpt-6", window.canvas().edgeTarget("gd-26"));
        } finally {
            System.clearProperty("iommuscope.reducedMotion");
        }
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        robot.interact(window.stepper()::next);
        assertTrue(window.canvas().animating(), "without the preference the group's edge travels");
    }

    @Test
    void anEdgeOutOfViewMovesWithoutTravellingSoAnInvisibleAnimationNeverCostsFrames(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        // Pan the picture away until the group's edge is out of the canvas, as a presenter zoomed in elsewhere.
        robot.drag(window.canvas()).moveBy(0, -400).drop();
        robot.drag(window.canvas()).moveBy(0, -400).drop();
        robot.interact(window.stepper()::next);
        assertFalse(window.canvas().animating(), "an edge nobody can see does not travel");
        assertEquals("hwpt-6", window.canvas().edgeTarget("gd-26"), "it is already where it goes");
        robot.type(KeyCode.DIGIT0);
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        robot.interact(window.stepper()::next);
        assertTrue(window.canvas().animating(), "back in view, the group's edge travels again");
    }

    @Test
    void anEdgeInFlightIsDrawnOnlyInsideTheCanvasEvenWhenItsRouteRunsFarOutside(FxRobot robot) throws Exception {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        // Zoomed in on the middle of the picture: the group edge's routes to hwpt 5 and 6 run beyond the canvas.
        robot.interact(() -> {
            window.canvas().fit();
            for (int i = 0; i < 5; i++) {
                window.canvas().zoom(1.2);
            }
        });
        Region canvas = window.canvas();
        javafx.geometry.BoundingBox view = new javafx.geometry.BoundingBox(0, 0, canvas.getWidth(), canvas.getHeight());
        javafx.scene.Group edge = robot.lookup("#gd-26").queryAs(javafx.scene.Group.class);
        javafx.geometry.Bounds before = canvas.sceneToLocal(edge.localToScene(edge.getBoundsInLocal()));
        assertFalse(view.contains(before), "the route at rest reaches beyond the canvas: " + before + " in " + view);
        robot.interact(window.stepper()::next);
        assertTrue(window.canvas().animating());
        // Sampled through the flight: whatever of the line is drawn lies inside the canvas.
        List<javafx.geometry.Bounds> drawn = new java.util.ArrayList<>();
        for (int i = 0; i < 14 && window.canvas().animating(); i++) {
            robot.interact(() -> edge.getChildren().stream()
                    .filter(n -> n.isVisible() && n instanceof javafx.scene.shape.Path p && !p.getElements().isEmpty())
                    .forEach(n -> drawn.add(canvas.sceneToLocal(n.localToScene(n.getBoundsInLocal())))));
            WaitForAsyncUtils.sleep(40, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertFalse(drawn.isEmpty(), "the line is seen travelling");
        for (javafx.geometry.Bounds b : drawn) {
            assertTrue(b.getMinX() >= 1 && b.getMinY() >= 1 && b.getMaxX() <= canvas.getWidth() - 1 && b.getMaxY() <= canvas.getHeight() - 1,
                    "in flight the line stays inside the canvas " + view + ": " + b);
        }
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> !window.canvas().animating());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("hwpt-6", window.canvas().edgeTarget("gd-26"));
        javafx.geometry.Bounds after = canvas.sceneToLocal(edge.localToScene(edge.getBoundsInLocal()));
        assertFalse(view.contains(after), "landed, the whole route is drawn again: " + after);
    }

    @Test
    void zoomingInMidFlightLandsTheEdgeAtOnceWhereItWasGoing(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE - 1));
        robot.interact(window.stepper()::next);
        assertTrue(window.canvas().animating());
        robot.type(KeyCode.PLUS);
        assertFalse(window.canvas().animating(), "its flight was cut to the old view: it lands");
        javafx.scene.Group edge = robot.lookup("#gd-26").queryAs(javafx.scene.Group.class);
        assertTrue(edge.getChildren().stream().noneMatch(n -> n instanceof javafx.scene.shape.Path), "no line in flight is left");
        assertTrue(edge.getChildren().get(0).isVisible(), "the route at rest is drawn");
        assertEquals("hwpt-6", window.canvas().edgeTarget("gd-26"));
    }

    @Test
    void zoomingKeepsWhatIsInTheMiddleOfTheViewInTheMiddle(FxRobot robot) {
        robot.interact(window.canvas()::fit);
        // Panned off the picture's centre: zooming must hold the view's centre, not the picture's.
        robot.drag(window.canvas()).moveBy(-150, 40).drop();
        Region canvas = window.canvas();
        Region hwpt = node(robot, "hwpt-5");
        javafx.geometry.Point2D centre = new javafx.geometry.Point2D(canvas.getWidth() / 2, canvas.getHeight() / 2);
        // The layout point under the view's centre, before and after zooming in and out.
        javafx.geometry.Point2D under = hwpt.getParent().sceneToLocal(canvas.localToScene(centre));
        robot.type(KeyCode.PLUS);
        robot.type(KeyCode.PLUS);
        javafx.geometry.Point2D zoomedIn = hwpt.getParent().sceneToLocal(canvas.localToScene(centre));
        assertEquals(under.getX(), zoomedIn.getX(), 0.5);
        assertEquals(under.getY(), zoomedIn.getY(), 0.5);
        robot.type(KeyCode.MINUS);
        javafx.geometry.Point2D zoomedOut = hwpt.getParent().sceneToLocal(canvas.localToScene(centre));
        assertEquals(under.getX(), zoomedOut.getX(), 0.5);
        assertEquals(under.getY(), zoomedOut.getY(), 0.5);
    }

    @Test
    void clickingANodeShowsItInTheInspectorAndFiltersTheLog(FxRobot robot) {
        robot.interact(() -> window.stepper().jump(SeedFrames.AFTER_REPLACE));
        robot.clickOn("#idev-2");
        assertEquals("idev-2", robot.lookup("#inspector-title").queryAs(Label.class).getText());
        assertTrue(window.inspector().sheet().getItems().stream()
                .anyMatch(i -> i.getName().equals("recorded hwpt") && i.getValue().equals("hwpt 5")));
        int rows = window.timeline().log().getItems().size();
        assertTrue(rows < 15 && rows > 1, "the log shows only the steps that touched idev 2: " + rows);
    }

    @Test
    void draggingTheSliderMovesEverythingInLockStep(FxRobot robot) {
        Slider slider = robot.lookup("#timeline-slider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(7));
        assertEquals(7, window.stepper().index().get());
        assertEquals(7, window.timeline().log().getSelectedItem().number());
        assertTrue(status(robot).startsWith("Step 7 / 14"));
    }

    @Test
    void screenshotsOfThreeSteps(FxRobot robot) throws Exception {
        for (int step : new int[] {8, SeedFrames.AFTER_REPLACE, SeedFrames.AFTER_CATCH_UP}) {
            robot.interact(() -> window.stepper().jump(step));
            robot.interact(window.canvas()::fit);
            WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> !window.canvas().animating());
            WaitForAsyncUtils.sleep(450, java.util.concurrent.TimeUnit.MILLISECONDS);
            java.nio.file.Path png = Screenshots.save(scene, "seed-step-" + step);
            assertTrue(Screenshots.distinctColours(png) > 20, png + " looks blank");
        }
    }

    @Test
    void zoomingFarOutDrawsBoxesWithoutTheirUnreadableLabelsAndZoomingBackRestoresThem(FxRobot robot) {
        robot.type(KeyCode.END);
        robot.type(KeyCode.DIGIT0);
        javafx.scene.Node title = node(robot, "idev-1").lookup(".node-title");
        assertTrue(title.isVisible());
        for (int i = 0; i < 12 && window.canvas().scale() >= 0.42; i++) {
            robot.type(KeyCode.MINUS);
        }
        assertFalse(window.canvas().labelsShown());
        assertNull(title.getScene(), "no label in the scene at " + window.canvas().scale());
        assertTrue(node(robot, "idev-1").isVisible(), "the box itself stays");
        robot.type(KeyCode.DIGIT0);
        assertTrue(window.canvas().labelsShown());
        assertTrue(title.isVisible() && title.getScene() != null);
    }

    @Test
    void aWindowDrawsOnTheLayoutItsLoaderComputedInsteadOfRunningElkAgainOnTheFxThread(FxRobot robot) throws Exception {
        ScenarioFrames.Loaded loaded = ScenarioFrames.load(java.nio.file.Path.of("scenarios", "seed-thread.yaml")).laidOut();
        assertFalse(javafx.application.Platform.isFxApplicationThread(), "laid out on the loader's thread");
        MainWindow[] w = new MainWindow[1];
        robot.interact(() -> w[0] = new MainWindow(loaded.frames(), loaded.layout()));
        assertTrue(w[0].canvas().graphLayout() == loaded.layout(), "the very layout the loader made");
        assertTrue(loaded.laidOut() == loaded, "laid out once");
    }
}
