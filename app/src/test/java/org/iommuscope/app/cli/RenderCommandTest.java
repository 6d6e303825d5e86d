package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.export.SvgDocuments;
import org.iommuscope.app.timeline.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `render`: headless frames of a scenario, one file per step, in a JVM with no display. */
class RenderCommandTest {
    private static final Path SEED = Path.of("scenarios", "seed-thread.yaml");


    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void pngFramesOfTheCaptionedStepsAreDrawnWithNoDisplayAtTwiceTheViewSize(@TempDir Path dir) throws Exception {
        List<Frame> frames = ScenarioFrames.load(SEED).frames();
        Path twice = dir.resolve("2x");
        CliRun r = CliRun.inChildJvm("render", SEED.toString(), "--out", twice.toString(), "--steps", "captioned", "--scale", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        List<Path> pngs = files(twice);
        List<String> expected = frames.stream().filter(Frame::captioned).map(f -> String.format("%03d-", f.number())).toList();
        assertEquals(expected, pngs.stream().map(p -> p.getFileName().toString().substring(0, 4)).toList());
        assertTrue(pngs.stream().allMatch(p -> p.getFileName().toString().matches("\\d{3}-[a-z0-9-]+\\.png")), pngs.toString());
        assertTrue(pngs.contains(twice.resolve("012-attach-dev-idev1-pt-hwpt2.png")), pngs.toString());

        Path once = dir.resolve("1x");
        CliRun one = CliRun.inChildJvm("render", SEED.toString(), "--out", once.toString(), "--step", "12");
        assertEquals(0, one.code(), one.out() + one.err());
        BufferedImage small = ImageIO.read(once.resolve("012-attach-dev-idev1-pt-hwpt2.png").toFile());
        BufferedImage big = ImageIO.read(twice.resolve("012-attach-dev-idev1-pt-hwpt2.png").toFile());
        assertTrue(small.getWidth() > 600 && small.getHeight() > 300, small.getWidth() + "x" + small.getHeight());
        assertEquals(2 * small.getWidth(), big.getWidth());
        assertEquals(2 * small.getHeight(), big.getHeight());
        for (Path p : pngs) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(big.getWidth(), img.getWidth(), "every frame of a scenario has one size: " + p);
            assertEquals(big.getHeight(), img.getHeight(), p.toString());
            assertTrue(Pictures.distinctColours(img) > 20, p + " looks blank");
        }
        // After idev 1's replace, idev 2 has diverged: its border and its stale record are the stylesheet's diverged
        // red. At boot only the legend's two samples are.
        long red = Pictures.count(big, 0xd1242f);
        long legendOnly = Pictures.count(ImageIO.read(pngs.get(0).toFile()), 0xd1242f);
        assertTrue(legendOnly > 0, "the legend shows the diverged colour");
        assertTrue(red > 3 * legendOnly, "the diverged idev is drawn in red: " + red + " red pixels against " + legendOnly + " at boot");
    }

    @Test
    void svgFramesNeedNoJavaFxAtAll(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.inChildJvmWithoutJavaFx("render", SEED.toString(), "--out", dir.toString(), "--format", "svg");
        assertEquals(0, r.code(), r.out() + r.err());
        int steps = ScenarioFrames.load(SEED).frames().size();
        List<Path> svgs = files(dir);
        assertEquals(steps, svgs.size());
        for (Path p : svgs) {
            SvgDocuments.parseValid(Files.readString(p));
        }
        assertTrue(r.out().contains("wrote " + steps + " svg file(s)"), r.out());

        CliRun png = CliRun.inChildJvmWithoutJavaFx("render", SEED.toString(), "--out", dir.resolve("png").toString(), "--step", "1");
        assertEquals(3, png.code());
        assertEquals("render: cannot draw PNG: JavaFX is not on the class path (javafx/scene/image/Image); --format svg needs no JavaFX",
                png.err().strip(), "one line, no stack trace");
    }

    @Test
    void badOptionsAndFilesGetOneClearLineAndExitTwo(@TempDir Path dir) throws Exception {
        CliRun scale = CliRun.of("render", SEED.toString(), "--out", dir.toString(), "--scale", "0");
        assertEquals(2, scale.code());
        assertTrue(scale.err().contains("--scale must be above 0"), scale.err());
        CliRun step = CliRun.of("render", SEED.toString(), "--out", dir.toString(), "--step", "99", "--format", "svg");
        assertEquals(2, step.code());
        assertTrue(step.err().contains("step 99 is not between 0 and 25"), step.err());
        Path bad = dir.resolve("typo.yaml");
        Files.writeString(bad, "scenario: typo\ntopology: {}\nsteps:\n  - ioas_aloc: {as: a}\n");
        CliRun file = CliRun.of("render", bad.toString(), "--out", dir.resolve("out").toString(), "--format", "svg");
        assertEquals(2, file.code());
        assertTrue(file.out().contains(bad + ":4:5: unknown op 'ioas_aloc'"), file.out());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing is written for an invalid file");
        CliRun format = CliRun.of("render", SEED.toString(), "--out", dir.toString(), "--format", "bmp");
        assertEquals(2, format.code());
    }
}
