package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.hw.Prot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The sparkline of a million-step trace: a jump moves the current step's mark and draws none of the series again. */
@ExtendWith(ApplicationExtension.class)
class SparklineTest {
    private static final int STEPS = 1_000_000;
    private Sparkline spark;

    private OwnStage own;

    @Start
    void start(Stage stage) {
        List<Frame> frames = new ArrayList<>(STEPS + 1);
        for (int i = 0; i <= STEPS; i++) {
            // The first half maps a page a step, the second unmaps them.
            List<Event> events = i == 0 ? List.of() : i <= STEPS / 2 ? List.of(new Event.AreaMapped(1, i * 4096L, i * 4096L + 4095, Prot.RW))
                    : List.of(new Event.AreaUnmapped(1, (i - STEPS / 2) * 4096L, (i - STEPS / 2) * 4096L + 4095));
            frames.add(new Frame(i, "ioas_map", "ok", null, true, null, events, null, null, 0));
        }
        spark = new Sparkline();
        spark.grow(frames);
        own = new OwnStage(new StackPane(spark), 1016, 40);
    }

    @org.junit.jupiter.api.AfterEach
    void closeOwnStage(FxRobot robot) {
        own.close(robot);
    }

    @Test
    void aJumpMovesTheMarkAndDrawsNoneOfTheSeries(FxRobot robot) {
        int[] before = new int[1];
        robot.interact(() -> before[0] = spark.draws());
        java.util.Random r = new java.util.Random(3);
        for (int k = 0; k < 50; k++) {
            int step = r.nextInt(STEPS + 1);
            robot.interact(() -> spark.setCurrent(step));
            double w = spark.getWidth() - 2 * Sparkline.INSET;
            assertEquals(Math.round(Sparkline.INSET + w * step / STEPS) + 0.5, spark.markX(), 0.0, "step " + step);
        }
        robot.interact(() -> assertEquals(before[0], spark.draws(), "draws of the series for 50 jumps"));

        // The mark is drawn in the theme's colour for the current step, at the middle: red over the fill line's blue.
        robot.interact(() -> spark.setCurrent(STEPS / 2));
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = spark.snapshot(null, null));
        int x = (int) spark.markX();
        int red = 0;
        for (int y = 0; y < (int) Sparkline.HEIGHT; y++) {
            Color c = shot[0].getPixelReader().getColor(x, y);
            if (c.getRed() > 0.6 && c.getGreen() < 0.4 && c.getBlue() < 0.4) {
                red++;
            }
        }
        assertTrue(red >= Sparkline.HEIGHT / 2, "red pixels in the mark's column: " + red);
    }
}
