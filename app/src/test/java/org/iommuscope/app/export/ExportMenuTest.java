package org.iommuscope.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iommuscope.app.dialog.ScriptedDialogs;
import org.iommuscope.app.menu.MenuEntry;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File → Export as menu data, run with a scripted dialog service and no window: Interactive HTML… saves the whole
 * scenario as one page named for the scenario, a cancelled chooser writes nothing, and a page that cannot be
 * written is told in a sentence.
 */
class ExportMenuTest {
    private static ViewExport view;

    @BeforeAll
    static void seed() throws Exception {
        Path file = Path.of("scenarios", "seed-thread.yaml");
        ScenarioFrames.Loaded loaded = ScenarioFrames.load(file).laidOut();
        view = new ViewExport(file, loaded.title(), loaded.profile(), loaded.frames(), loaded.layout(), 12, false);
    }

    private static MenuEntry.Item item(ScriptedDialogs dialogs, String id) {
        return ExportMenu.entry(() -> view, dialogs).items().get().stream()
                .filter(e -> e instanceof MenuEntry.Item i && i.id().equals(id)).map(MenuEntry.Item.class::cast).findFirst().orElseThrow();
    }

    @Test
    void interactiveHtmlSavesTheWholeScenarioAsOnePageNamedForTheScenario(@TempDir Path dir) throws Exception {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        Path out = dir.resolve("page.html");
        dialogs.files.add(Optional.of(out));
        MenuEntry.Item html = item(dialogs, "menu-export-html");
        assertEquals("Interactive HTML…", html.text());
        html.run().run();
        assertEquals(List.of("save as seed-thread.html (HTML)"), dialogs.told, "named for the scenario, not the step on screen");
        String page = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        // Every step is in the page, not only step 12: the seed has 26 frames (0 to 25), step 25 its last detach.
        assertTrue(page.contains("\"n\":25"), "the page carries the last step");
        assertTrue(page.contains("\"n\":3,"), "the page carries an early step");
    }

    @Test
    void aCancelledChooserWritesNothingAndAnUnwritablePageIsToldInASentence(@TempDir Path dir) throws Exception {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        dialogs.files.add(Optional.empty());
        dialogs.files.add(Optional.of(dir));
        MenuEntry.Item html = item(dialogs, "menu-export-html");
        html.run().run();
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "cancelled: nothing written");
        }
        html.run().run();
        assertEquals(List.of("save as seed-thread.html (HTML)", "save as seed-thread.html (HTML)", "error Cannot export the page"), dialogs.told);
    }
}
