package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.iommuscope.app.BundledScenarios;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.export.SvgDocuments;
import org.iommuscope.app.timeline.Frame;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * `render` over every bundled scenario, as CI runs it: SVG for every step (valid SVG 1.1), PNG for the boot,
 * a captioned and the final step (one size per scenario, none blank). The toolkit is the tests' own headless one.
 */
@ExtendWith(ApplicationExtension.class)
class BundledScenarioExportTest {
    @TempDir
    static Path out;

    @Start
    void start(Stage s) {
        // The toolkit runs; render draws offscreen and needs no stage.
    }

    private static void render(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @TestFactory
    Stream<DynamicTest> everyBundledScenarioRendersToSvgAndPng() throws Exception {
        List<Path> files = BundledScenarios.files();
        assertTrue(files.size() >= 19);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            List<Frame> frames = ScenarioFrames.load(f).frames();
            String name = f.getFileName().toString().replace(".yaml", "");
            Path svg = out.resolve(name + "-svg");
            render("render", f.toString(), "--out", svg.toString(), "--format", "svg");
            List<Path> svgs = list(svg);
            assertEquals(frames.size(), svgs.size());
            for (int i = 0; i < svgs.size(); i++) {
                // Every file parses and has an element per object; the first and the last are also checked
                // against the SVG 1.1 DTD (SvgExportTest validates every step of the seed).
                org.w3c.dom.Document d = SvgDocuments.parse(Files.readString(svgs.get(i)), i == 0 || i == svgs.size() - 1);
                for (String id : frames.get(i).graph().nodes().keySet()) {
                    assertTrue(SvgDocuments.byId(d, id) != null, svgs.get(i) + " has no " + id);
                }
            }
            Path png = out.resolve(name + "-png");
            // PNG of the first, the last and the first captioned step after boot: the render path end to end
            // for each scenario, in a few seconds for the library (every captioned step would take tens).
            int last = frames.size() - 1;
            int captioned = frames.stream().filter(fr -> fr.number() > 0 && fr.captioned()).mapToInt(Frame::number).findFirst().orElse(last);
            render("render", f.toString(), "--out", png.toString(), "--step", "0", "--step", Integer.toString(captioned),
                    "--step", Integer.toString(last));
            List<Path> pngs = list(png);
            assertEquals(captioned == last ? 2 : 3, pngs.size(), pngs.toString());
            BufferedImage first = ImageIO.read(pngs.get(0).toFile());
            for (Path p : pngs) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertEquals(first.getWidth(), img.getWidth(), p.toString());
                assertEquals(first.getHeight(), img.getHeight(), p.toString());
                assertTrue(Pictures.distinctColours(img) > 20, p + " looks blank");
            }
        }));
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
