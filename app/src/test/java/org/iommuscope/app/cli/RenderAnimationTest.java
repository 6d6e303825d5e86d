package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * `render --format gif|webm|mp4`: the steps as one animation, with the window's motion between them, the
 * caption bar burnt in, a chosen frame rate and a pause on each captioned step.
 */
class RenderAnimationTest {
    private static final Path SEED = Path.of("scenarios", "seed-thread.yaml");
    /** scenarios/seed-thread.yaml has 25 steps; 13 of them, and its description (step 0), carry a caption. */
    private static final int SEED_STEPS = 25;
    private static final int SEED_CAPTIONED = 14;
    /**
     * A step moves for as long as the canvas's longest step animation: a DMA probe draws its path in 0.9 s, then
     * its marker fades in for 0.35 s.
     */
    private static final double STEP_MOTION_S = 0.9 + 0.35;

    /** A GIF's pictures: each one's delay (hundredths of a second) and rectangle, and the logical screen's size. */
    private record Gif(int width, int height, List<Integer> delays, List<int[]> rects) {
    }

    private static Gif read(Path file) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            Element screen = child(reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"), "LogicalScreenDescriptor");
            int n = reader.getNumImages(true);
            List<Integer> delays = new ArrayList<>();
            List<int[]> rects = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IIOMetadata m = reader.getImageMetadata(i);
                Node tree = m.getAsTree("javax_imageio_gif_image_1.0");
                delays.add(Integer.parseInt(child(tree, "GraphicControlExtension").getAttribute("delayTime")));
                Element d = child(tree, "ImageDescriptor");
                rects.add(new int[] {Integer.parseInt(d.getAttribute("imageLeftPosition")), Integer.parseInt(d.getAttribute("imageTopPosition")),
                        Integer.parseInt(d.getAttribute("imageWidth")), Integer.parseInt(d.getAttribute("imageHeight"))});
            }
            return new Gif(Integer.parseInt(screen.getAttribute("logicalScreenWidth")), Integer.parseInt(screen.getAttribute("logicalScreenHeight")),
                    delays, rects);
        } finally {
            reader.dispose();
        }
    }

    private static Element child(Node parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeName().equals(name)) {
                return (Element) c;
            }
        }
        throw new AssertionError("no " + name + " in the GIF's metadata");
    }

    @Test
    void theSeedAsAGifHasEveryStepsMotionAndItsPausesAtThePicturesSize(@TempDir Path dir) throws Exception {
        int fps = 4;
        Path gif = dir.resolve("seed.gif");
        CliRun r = CliRun.inChildJvm("render", SEED.toString(), "--format", "gif", "--out", gif.toString(), "--fps", "4", "--pause", "2",
                "--hold", "0.5");
        assertEquals(0, r.code(), r.out() + r.err());
        CliRun png = CliRun.inChildJvm("render", SEED.toString(), "--out", dir.resolve("png").toString(), "--step", "12");
        assertEquals(0, png.code(), png.out() + png.err());
        BufferedImage still = ImageIO.read(dir.resolve("png").resolve("012-attach-dev-idev1-pt-hwpt2.png").toFile());

        Gif g = read(gif);
        int motion = (int) Math.ceil(STEP_MOTION_S * fps);
        assertEquals(5, motion);
        // Step 0 at rest, then for each step its motion and the step at rest.
        assertEquals(1 + SEED_STEPS * (motion + 1), g.delays().size(), "pictures in the GIF");
        assertEquals(still.getWidth(), g.width(), "the animation is as wide as a rendered step");
        assertEquals(still.getHeight(), g.height());
        // Each motion picture shows 1/4 s; a captioned step stays 2 s, any other 0.5 s.
        int total = g.delays().stream().mapToInt(Integer::intValue).sum();
        assertEquals(Math.round(100 * (SEED_STEPS * motion / (double) fps + SEED_CAPTIONED * 2 + (SEED_STEPS + 1 - SEED_CAPTIONED) * 0.5)), total,
                "hundredths of a second in all");
        int restOf12 = 1 + 11 * (motion + 1) + motion;
        assertEquals(200, g.delays().get(restOf12), "step 12 has a caption: it stays 2 s");
        assertEquals(50, g.delays().get(restOf12 - (motion + 1)), "step 11 has none: 0.5 s");
        assertEquals(25, g.delays().get(restOf12 - 2), "a motion picture: 1/4 s");
        // The first picture is whole; during step 12's replace the group's domain edge travels, so its motion
        // pictures redraw more than a pixel, while a step that moves nothing (step 11, a check) keeps them one pixel.
        assertEquals(List.of(0, 0, g.width(), g.height()), List.of(g.rects().get(0)[0], g.rects().get(0)[1], g.rects().get(0)[2], g.rects().get(0)[3]));
        long moving = g.rects().subList(restOf12 - motion + 1, restOf12).stream().filter(a -> a[2] * a[3] > 100).count();
        assertTrue(moving >= 3, "the edge travels through step 12's motion: " + moving + " pictures redraw a region");
        long still11 = g.rects().subList(restOf12 - 2 * motion, restOf12 - motion - 1).stream().filter(a -> a[2] * a[3] > 1).count();
        assertEquals(0, still11, "nothing moves during a check's motion after its first picture");
    }

    @Test
    void theCaptionBarIsBurntIntoTheAnimation(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("part.gif");
        CliRun r = CliRun.inChildJvm("render", SEED.toString(), "--format", "gif", "--out", gif.toString(), "--steps", "11-12", "--fps", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        Gif g = read(gif);
        assertEquals(1 + (int) Math.ceil(STEP_MOTION_S * 2) + 1, g.delays().size(), "steps 11 and 12 only");
        BufferedImage first = ImageIO.read(gif.toFile());
        // The caption bar is the stylesheet's -scope-caption-bg, #20283a, across the top of the picture.
        long bar = 0;
        for (int x = 0; x < first.getWidth(); x++) {
            if (near(first.getRGB(x, 4), 0x20283a)) {
                bar++;
            }
        }
        assertTrue(bar > first.getWidth() * 0.9, "the caption bar spans the top: " + bar + " of " + first.getWidth());
    }

    private static boolean near(int argb, int rgb) {
        return Math.abs(((argb >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 10 && Math.abs(((argb >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 10
                && Math.abs((argb & 0xff) - (rgb & 0xff)) < 10;
    }

    @Test
    void aVideoIsEncodedByTheSystemsFfmpegAtTheChosenRate(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "no ffmpeg on this machine");
        Path webm = dir.resolve("part.webm");
        CliRun r = CliRun.inChildJvm("render", SEED.toString(), "--format", "webm", "--out", webm.toString(), "--steps", "11-12", "--fps", "5",
                "--hold", "0.4");
        assertEquals(0, r.code(), r.out() + r.err());
        // 0.4 s of step 11, 7 motion pictures of 1/5 s for step 12, then 3 s (the default pause) on its caption: 24 frames.
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,nb_read_frames,r_frame_rate", "-of", "csv=p=0", webm.toString()).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes()).strip();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        assertEquals("vp9,5/1,24", out);
    }

    @Test
    void withoutFfmpegAVideoIsRefusedInOneLineAndGifStillWorks(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.inChildJvmWithPath(dir.toString(), "render", SEED.toString(), "--format", "mp4", "--out", dir.resolve("a.mp4").toString());
        assertEquals(RenderCommand.CANNOT_DRAW, r.code(), r.out() + r.err());
        assertEquals("render: --format mp4 needs ffmpeg on the PATH (Debian: apt-get install ffmpeg); --format gif needs nothing more", r.err().strip());
        assertFalse(Files.exists(dir.resolve("a.mp4")));
    }

    @Test
    void badAnimationOptionsGetOneClearLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("a.gif");
        CliRun fps = CliRun.of("render", SEED.toString(), "--format", "gif", "--out", out.toString(), "--fps", "0");
        assertEquals(2, fps.code());
        assertTrue(fps.err().contains("frames per second must be between 1 and 50"), fps.err());
        CliRun range = CliRun.of("render", SEED.toString(), "--format", "gif", "--out", out.toString(), "--steps", "13-9");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("--steps 13-9 must go from a step to a later one"), range.err());
        CliRun captioned = CliRun.of("render", SEED.toString(), "--format", "gif", "--out", out.toString(), "--steps", "captioned");
        assertEquals(2, captioned.code());
        assertTrue(captioned.err().contains("--steps A-B"), captioned.err());
        CliRun words = CliRun.of("render", SEED.toString(), "--format", "svg", "--out", dir.toString(), "--steps", "some");
        assertEquals(2, words.code());
        assertTrue(words.err().contains("--steps takes all, captioned or a range A-B"), words.err());
        CliRun beyond = CliRun.inChildJvm("render", SEED.toString(), "--format", "gif", "--out", out.toString(), "--steps", "20-30");
        assertEquals(2, beyond.code());
        assertTrue(beyond.err().contains("--steps 20-30 is not a range of steps between 0 and 25"), beyond.err());
        assertFalse(Files.exists(out));
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
