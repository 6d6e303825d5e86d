package org.iommuscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.iommuscope.app.appearance.Theme;
import org.iommuscope.app.timeline.StepperModel;
import org.iommuscope.app.timeline.TimelineView;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The tick bar is drawn on a canvas, so its colours come from the theme through the style sheet. */
@ExtendWith(ApplicationExtension.class)
class TimelineTicksThemeTest {
    private Scene scene;
    private TimelineView timeline;

    @Start
    void start(Stage stage) {
        timeline = new TimelineView(new StepperModel(SeedFrames.frames(Profile.V6_15)));
        scene = new Scene(timeline, 1000, 300);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        // The stage takes this scene's size, whatever a test class before this one left it at.
        stage.sizeToScene();
        stage.show();
    }

    /** How many of the tick bar's pixels are (nearly) this colour. */
    private int pixels(FxRobot robot, Color c) {
        Image[] shot = new Image[1];
        robot.interact(() -> shot[0] = ((Canvas) scene.lookup("#timeline-ticks")).snapshot(null, null));
        PixelReader r = shot[0].getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) shot[0].getHeight(); y++) {
            for (int x = 0; x < (int) shot[0].getWidth(); x++) {
                Color p = r.getColor(x, y);
                if (Math.abs(p.getRed() - c.getRed()) < 0.03 && Math.abs(p.getGreen() - c.getGreen()) < 0.03
                        && Math.abs(p.getBlue() - c.getBlue()) < 0.03 && p.getOpacity() > 0.9) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theMarkedStepsFlagTakesTheThemesColourAndChangesWithTheTheme(FxRobot robot) {
        robot.interact(() -> timeline.markStep(5, "where the profiles part"));
        Color light = Color.web("#d1242f");
        Color dark = Color.web("#ff7b7b");
        assertTrue(pixels(robot, light) > 20, "light: the flag in the light theme's red");
        assertEquals(0, pixels(robot, dark));
        robot.interact(() -> Theme.DARK.applyTo(scene));
        assertEquals(0, pixels(robot, light), "nothing keeps the light theme's colour");
        assertTrue(pixels(robot, dark) > 20, "dark: the flag in the dark theme's red");
    }
}
