package org.iommuscope.app;

import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.window.MainWindow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.iommuscope.app.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** File → Export and "Copy view as command": the command on the clipboard draws exactly what the window exports. */
@ExtendWith(ApplicationExtension.class)
class ExportFromWindowTest {
    private AppUnderTest ui;

    @Start
    void start(Stage s) {
        ui = AppUnderTest.start(s);
    }

    private static String clipboard() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
    }

    /** Runs a copied command line in this JVM with its output directory swapped for {@code out}. */
    private static void runCopied(String line, Path out) {
        List<String> words = new ArrayList<>(List.of(line.split(" ")));
        assertEquals("./iommuscope", words.remove(0));
        words.set(words.indexOf("--out") + 1, out.toString());
        CliRun r = CliRun.of(words.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void ctrlShiftCCopiesTheRenderCommandThatDrawsTheExportedPicture(FxRobot robot, @TempDir Path dir) throws Exception {
        MainWindow w = ui.window();
        robot.interact(() -> w.stepper().jump(13));
        robot.type(KeyCode.D);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        String line = clipboard();
        assertEquals("./iommuscope render scenarios/seed-thread.yaml --out frames --format png --step 13 --profile v6.15 --divergent-only", line);

        Path exported = dir.resolve("window.png");
        robot.interact(() -> {
            try {
                w.viewExport().writePng(exported, 1);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path rendered = dir.resolve("rendered");
        runCopied(line, rendered);
        Path frame = rendered.resolve("013-check-group-domain-26-hwpt2-diverged-idev2.png");
        assertTrue(Files.exists(frame), "render names the file by step and op");
        BufferedImage a = ImageIO.read(exported.toFile());
        BufferedImage b = ImageIO.read(frame.toFile());
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()), "the command reproduces the window's picture");
    }

    @Test
    void theExportMenuExportsPngAtTwoAndFourTimesAndSvgOfTheStepOnScreenAndTheScenarioAsAPage(FxRobot robot, @TempDir Path dir)
            throws Exception {
        MainWindow w = ui.window();
        robot.interact(() -> w.stepper().jump(12));
        javafx.scene.control.MenuBar bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu export = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> "menu-export".equals(i.getId())).findFirst().orElseThrow();
        assertEquals(List.of("PNG 1×…", "PNG 2×…", "PNG 4×…", "SVG…", "Interactive HTML…", "Copy view as command"),
                export.getItems().stream().map(javafx.scene.control.MenuItem::getText).toList());
        javafx.scene.control.MenuItem copy = export.getItems().get(5);
        assertEquals(KeyAction.COPY_VIEW_COMMAND.defaults()[0], copy.getAccelerator());
        robot.interact(copy::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("./iommuscope render scenarios/seed-thread.yaml --out frames --format png --step 12 --profile v6.15", clipboard());
        Path one = dir.resolve("1.png");
        Path two = dir.resolve("2.png");
        Path four = dir.resolve("4.png");
        Path svg = dir.resolve("step.svg");
        Path html = dir.resolve("seed.html");
        robot.interact(() -> {
            try {
                w.viewExport().writePng(one, 1);
                w.viewExport().writePng(two, 2);
                w.viewExport().writePng(four, 4);
                w.viewExport().writeSvg(svg);
                w.viewExport().writeHtml(html);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedImage small = ImageIO.read(one.toFile());
        assertEquals(2 * small.getWidth(), ImageIO.read(two.toFile()).getWidth());
        assertEquals(4 * small.getHeight(), ImageIO.read(four.toFile()).getHeight());
        String text = Files.readString(svg);
        assertTrue(text.contains("<g id=\"idev-2\" class=\"node idev diverged"), "step 12 leaves idev 2 diverged");
        assertTrue(text.contains("Step 12 · attach"), "the SVG carries the step's caption");
        String page = Files.readString(html);
        assertEquals("seed-thread", w.viewExport().scenarioStem(), "the page is named for the scenario, not the step");
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<title>Seed thread: replace in a multi-device group (v6.15) — iommuscope"),
                page.substring(0, 200));
        assertTrue(page.contains("class=\\\"node idev diverged"), "the page carries the steps' pictures, idev 2 diverged among them");
    }

    @Test
    void theWindowCarriesTheAppsIconAsTheInstalledDesktopEntryDoes() throws Exception {
        ui.window();
        assertEquals(1, ui.stage().getIcons().size(), "the shell gives its stage the app's icon");
        javafx.scene.image.Image icon = ui.stage().getIcons().get(0);
        assertTrue(!icon.isError() && icon.getWidth() >= 64 && icon.getWidth() == icon.getHeight(),
                "a square icon of at least 64 px, read from the class path: " + icon.getWidth() + "×" + icon.getHeight());
    }
}
