package org.iommuscope.app.export;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File → Export: the current step as PNG (1×, 2×, 4×) or SVG, the scenario as an interactive HTML page, and "Copy view as command". */
public final class ExportMenu {
    private static final Logger LOG = LoggerFactory.getLogger(ExportMenu.class);

    private ExportMenu() {
    }

    /**
     * @param view        what the window shows right now
     * @param owner       the window the file dialogs belong to
     * @param copyShortcut the key for "Copy view as command" (shown in the menu; the window's key table runs it)
     */
    public static Menu create(Supplier<ViewExport> view, Supplier<Window> owner, KeyCombination copyShortcut) {
        Menu menu = new Menu("Export");
        menu.setId("menu-export");
        for (int scale : new int[] {1, 2, 4}) {
            MenuItem png = new MenuItem("PNG " + scale + "×…");
            png.setId("menu-export-png-" + scale);
            png.setOnAction(e -> save(view.get(), owner.get(), "png", scale));
            menu.getItems().add(png);
        }
        MenuItem svg = new MenuItem("SVG…");
        svg.setId("menu-export-svg");
        svg.setOnAction(e -> save(view.get(), owner.get(), "svg", 1));
        MenuItem html = new MenuItem("Interactive HTML…");
        html.setId("menu-export-html");
        html.setOnAction(e -> save(view.get(), owner.get(), "html", 1));
        MenuItem copy = new MenuItem("Copy view as command");
        copy.setId("menu-copy-command");
        copy.setAccelerator(copyShortcut);
        copy.setOnAction(e -> view.get().copyCommand());
        menu.getItems().addAll(svg, html, copy);
        return menu;
    }

    private static void save(ViewExport view, Window owner, String format, int scale) {
        FileChooser fc = new FileChooser();
        boolean page = format.equals("html");
        fc.setTitle(page ? "Export the scenario as an interactive page" : "Export step " + view.step() + " as " + format.toUpperCase(java.util.Locale.ROOT));
        fc.setInitialFileName((page ? view.scenarioStem() : view.fileStem()) + (scale == 1 ? "" : "@" + scale + "x") + "." + format);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.toUpperCase(java.util.Locale.ROOT), "*." + format));
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return;
        }
        Path out = f.toPath();
        try {
            if (page) {
                view.writeHtml(out);
            } else if (format.equals("svg")) {
                view.writeSvg(out);
            } else {
                view.writePng(out, scale);
            }
        } catch (IOException | RuntimeException ex) {
            LOG.warn("export to {} failed", out, ex);
            Alert a = new Alert(Alert.AlertType.ERROR, out + ": " + ex.getMessage());
            a.setHeaderText("Cannot export the picture");
            a.show();
        }
    }
}
