package org.iommuscope.app.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.iommuscope.app.dialog.DialogService;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.menu.MenuEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File → Export: the current step as PNG (1×, 2×, 4×) or SVG, the scenario as an interactive HTML page, and "Copy view as command". */
public final class ExportMenu {
    private static final Logger LOG = LoggerFactory.getLogger(ExportMenu.class);

    private ExportMenu() {
    }

    /**
     * @param view    what the window shows right now
     * @param dialogs where the file choosers and errors go
     */
    public static MenuEntry.Submenu entry(Supplier<ViewExport> view, DialogService dialogs) {
        List<MenuEntry> items = new ArrayList<>();
        for (int scale : new int[] {1, 2, 4}) {
            items.add(new MenuEntry.Item("menu-export-png-" + scale, "PNG " + scale + "×…", null,
                    () -> save(view.get(), dialogs, DialogService.FileKind.PNG, scale)));
        }
        items.add(new MenuEntry.Item("menu-export-svg", "SVG…", null, () -> save(view.get(), dialogs, DialogService.FileKind.SVG, 1)));
        items.add(new MenuEntry.Item("menu-export-html", "Interactive HTML…", null, () -> savePage(view.get(), dialogs)));
        items.add(new MenuEntry.Item("menu-copy-command", "Copy view as command", KeyAction.COPY_VIEW_COMMAND, () -> view.get().copyCommand()));
        return MenuEntry.Submenu.of("menu-export", "Export", items);
    }

    private static void save(ViewExport view, DialogService dialogs, DialogService.FileKind kind, int scale) {
        String format = kind == DialogService.FileKind.SVG ? "svg" : "png";
        dialogs.chooseFileToSave("Export step " + view.step() + " as " + format.toUpperCase(Locale.ROOT),
                view.fileStem() + (scale == 1 ? "" : "@" + scale + "x") + "." + format, kind).ifPresent(out -> {
                    try {
                        if (kind == DialogService.FileKind.SVG) {
                            view.writeSvg(out);
                        } else {
                            view.writePng(out, scale);
                        }
                    } catch (IOException | RuntimeException ex) {
                        LOG.warn("export to {} failed", out, ex);
                        dialogs.showError("Export", "Cannot export the picture", out + ": " + ex.getMessage());
                    }
                });
    }

    /** The whole scenario, not the step on screen: named for the scenario file. */
    private static void savePage(ViewExport view, DialogService dialogs) {
        dialogs.chooseFileToSave("Export the scenario as an interactive page", view.scenarioStem() + ".html",
                DialogService.FileKind.HTML).ifPresent(out -> {
                    try {
                        view.writeHtml(out);
                    } catch (IOException | RuntimeException ex) {
                        LOG.warn("export to {} failed", out, ex);
                        dialogs.showError("Export", "Cannot export the page", out + ": " + ex.getMessage());
                    }
                });
    }
}
