package org.iommuscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/** Saves what a scene draws, for a person to look at (target/screenshots). */
public final class Screenshots {
    private Screenshots() {
    }

    public static Path save(Scene scene, String name) throws IOException {
        WritableImage img;
        try {
            img = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
        Path dir = Path.of("app", "target", "screenshots");
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
        return out;
    }

    /**
     * The scene with the other windows {@code over} accepts drawn over it where they stand: a context menu, its
     * submenu or a dialog is a window of its own, and a scene's snapshot has none of them.
     */
    public static Path saveWithWindows(Scene scene, String name, Predicate<Window> over) throws Exception {
        java.awt.image.BufferedImage out = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            Window own = scene.getWindow();
            java.awt.image.BufferedImage img = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            java.awt.Graphics2D g = img.createGraphics();
            for (Window w : Window.getWindows()) {
                if (w != own && w.isShowing() && w.getScene() != null && over.test(w)) {
                    var pic = SwingFXUtils.fromFXImage(w.getScene().snapshot(null), null);
                    g.drawImage(pic, (int) (w.getX() - own.getX() - scene.getX()), (int) (w.getY() - own.getY() - scene.getY()), null);
                }
            }
            g.dispose();
            return img;
        }).get();
        Path dir = Path.of("app", "target", "screenshots");
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        ImageIO.write(out, "png", png.toFile());
        return png;
    }

    /** How many distinct colours an image has: a blank frame has one or two. */
    public static int distinctColours(Path png) throws IOException {
        java.awt.image.BufferedImage img = ImageIO.read(png.toFile());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
