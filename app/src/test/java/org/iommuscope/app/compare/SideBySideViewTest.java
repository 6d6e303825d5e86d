package org.iommuscope.app.compare;

import org.iommuscope.app.appearance.Appearance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
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

/** The seed thread under v2-patch | v6.15, side by side: the demo of "Compare profiles…". */
@ExtendWith(ApplicationExtension.class)
class SideBySideViewTest {
    /** `iommuscope compare scenarios/seed-thread.yaml --profiles v2-patch,v6.15`: first difference at step 12. */
    private static final int FIRST_DIFFERENCE = 12;
    private SideBySideView view;
    private Stage stage;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        ProfilePair pair = ProfilePair.load(Path.of("scenarios", "seed-thread.yaml"), Profile.V2_PATCH, Profile.V6_15);
        view = new SideBySideView(pair);
        Scene scene = new Scene(view, 1600, 900);
        new Appearance().track(scene);
        s.setScene(scene);
        view.activate();
        s.show();
    }

    private boolean differs(Side side, String id) {
        Region n = (side == Side.LEFT ? view.left() : view.right()).nodeFor(id);
        return n.getPseudoClassStates().contains(SideBySideView.DIFFERS);
    }

    private enum Side { LEFT, RIGHT }

    @Test
    void theFirstDifferingStepIsMarkedOnTheTimeline() {
        assertEquals(FIRST_DIFFERENCE, view.timeline().markedStep());
    }

    @Test
    void bothCanvasesStepTogetherAndTheDifferingObjectsAreOutlinedInBoth(FxRobot robot) {
        robot.interact(() -> view.stepper().jump(FIRST_DIFFERENCE - 1));
        assertEquals(Set.of(), view.differing(), "before the replace both kernels agree");
        assertTrue(view.facts().getText().startsWith("same result and state"), view.facts().getText());
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(FIRST_DIFFERENCE, view.stepper().index().get());
        // v2-patch keeps idev 2 attached to hwpt 5; v6.15 moves both devices' references to hwpt 6.
        assertEquals(Set.of("hwpt-5", "hwpt-6", "idev-2"), view.differing());
        for (Side side : Side.values()) {
            assertTrue(differs(side, "hwpt-5") && differs(side, "hwpt-6") && differs(side, "idev-2"), side + " outlines them");
            assertFalse(differs(side, "idev-1") || differs(side, "group-26"), side + " leaves the rest alone");
        }
        assertEquals("hwpt-5", view.left().edgeTarget("att-2"), "v2-patch: idev 2 still attached to hwpt 5");
        assertEquals("hwpt-6", view.right().edgeTarget("att-2"), "v6.15: idev 2 attached to hwpt 6");
        assertEquals("hwpt-6", view.left().edgeTarget("gd-26"));
        assertEquals("hwpt-6", view.right().edgeTarget("gd-26"));
        assertTrue(view.facts().getText().contains("first difference"), view.facts().getText());
        assertTrue(view.facts().getText().contains("hwpt 5 attached: [2] | []"), view.facts().getText());
        robot.type(KeyCode.END);
        assertEquals(view.stepper().last(), view.stepper().index().get());
        robot.type(KeyCode.HOME);
        assertFalse(differs(Side.LEFT, "hwpt-5"), "the outline follows the step");
    }

    @Test
    void anObjectSitsAtTheSamePlaceInBothCanvases() {
        for (String id : new String[] {"group-26", "idev-2", "hwpt-5", "hwpt-6", "ioas-4"}) {
            Bounds l = view.left().nodeFor(id).getBoundsInParent();
            Bounds r = view.right().nodeFor(id).getBoundsInParent();
            assertEquals(l, r, id);
        }
    }

    @Test
    void compareProfilesOpensAWindowOfItsOwnNamingBothProfiles(FxRobot robot) throws Exception {
        ProfilePair pair = ProfilePair.load(Path.of("scenarios", "seed-thread.yaml"), Profile.V6_6, Profile.V6_15);
        Stage compare = WaitForAsyncUtils.asyncFx(() -> CompareWindow.show(pair, new Appearance(), stage)).get();
        try {
            assertTrue(compare.isShowing());
            assertTrue(compare.getTitle().contains("v6.6 | v6.15"), compare.getTitle());
            assertTrue(compare.getScene().getRoot() instanceof SideBySideView);
        } finally {
            robot.interact(compare::close);
        }
    }

    @Test
    void screenshotAtTheFirstDifference(FxRobot robot) throws Exception {
        robot.interact(() -> view.stepper().jump(FIRST_DIFFERENCE));
        robot.interact(view::fit);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        var img = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        java.nio.file.Path dir = Path.of("app", "target", "screenshots");
        java.nio.file.Files.createDirectories(dir);
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", dir.resolve("side-by-side-step-12.png").toFile());
    }
}
