package org.iommuscope.app.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import org.iommuscope.app.appearance.Theme;
import org.iommuscope.app.compare.CompareWindow;
import org.iommuscope.app.export.ExportMenu;
import org.iommuscope.app.keys.KeyAction;
import org.iommuscope.app.keys.KeyBindingsDialog;
import org.iommuscope.app.menu.MenuContribution;
import org.iommuscope.app.menu.MenuEntry;
import org.iommuscope.app.settings.Preferences;
import org.iommuscope.app.window.ScenarioViewModel;

/**
 * The main window's menus as data: File, Edit, View, each item acting on whichever scenario is shown. A
 * feature adds its items here as contributions (see {@link MenuContribution}); shortcuts come from the key
 * table, so they follow a rebind.
 */
final class AppMenus {
    private AppMenus() {
    }

    static List<MenuContribution> of(Shell shell) {
        List<MenuContribution> m = new ArrayList<>();
        // File
        file(m, new MenuEntry.Item("menu-open", "Open…", KeyAction.OPEN, shell::chooseFile));
        file(m, new MenuEntry.Submenu("menu-recent", "Open Recent", () -> Preferences.recentFiles().stream()
                .map(f -> (MenuEntry) new MenuEntry.Item(null, f, null, () -> shell.open(Path.of(f)))).toList()));
        file(m, new MenuEntry.Separator());
        file(m, new MenuEntry.Item("menu-save", "Save", KeyAction.SAVE, () -> whatIf(shell, true)));
        file(m, new MenuEntry.Item("menu-save-as", "Save As…", KeyAction.SAVE_AS, () -> whatIf(shell, false)));
        file(m, new MenuEntry.Separator());
        // Export is a submenu: kept away from Open Recent, so a pointer on its way into that list does not open Export.
        file(m, ExportMenu.entry(() -> shell.window().viewExport(), shell.dialogs()));
        file(m, new MenuEntry.Item("menu-import", "Import machine…", null, () -> shell.imports().choose(false)));
        file(m, new MenuEntry.Item("menu-import-capture", "Import machine capture (.tar)…", null, () -> shell.imports().choose(true)));
        file(m, new MenuEntry.Item("menu-kernel", "Run on a kernel…", null, () -> shell.kernel().choose()));
        file(m, new MenuEntry.Separator());
        file(m, new MenuEntry.Item("menu-quit", "Quit", KeyAction.QUIT, shell::quit));
        // Edit
        edit(m, new MenuEntry.Item("menu-undo", "Undo", KeyAction.UNDO, () -> shell.whatIf().undo(),
                cannot(shell, true)));
        edit(m, new MenuEntry.Item("menu-redo", "Redo", KeyAction.REDO, () -> shell.whatIf().redo(),
                cannot(shell, false)));
        // View
        view(m, new MenuEntry.Item("menu-fit", "Fit", KeyAction.FIT, () -> shell.window().canvas().fit()));
        view(m, new MenuEntry.Check("menu-divergent-only", "Divergent only", KeyAction.DIVERGENT_ONLY, divergentOnly(shell)));
        view(m, new MenuEntry.Check("menu-reduced-motion", "Reduced motion", null, reducedMotion()));
        view(m, new MenuEntry.Separator());
        view(m, new MenuEntry.Item("menu-explore", "Explore…", null, () -> shell.explore().openCurrent()));
        view(m, new MenuEntry.Separator());
        view(m, new MenuEntry.Item("menu-presenter", KeyAction.PRESENTER.description(), KeyAction.PRESENTER,
                () -> shell.current().get().presenter().enter()));
        view(m, new MenuEntry.Item("menu-compare", "Compare profiles…", null, () -> CompareWindow.choose(shell.stage())
                .ifPresent(c -> CompareWindow.open(shell.current().get().file(), c, shell.appearance(), shell.stage()))));
        view(m, new MenuEntry.Separator());
        List<MenuEntry.Item> themes = new ArrayList<>();
        for (Theme t : Theme.values()) {
            themes.add(new MenuEntry.Item("menu-theme-" + t.key(), t.label(), null, () -> shell.appearance().setTheme(t)));
        }
        view(m, new MenuEntry.Choice("menu-theme", "Theme", themes, () -> shell.appearance().themeProperty().get().ordinal()));
        view(m, MenuEntry.Submenu.of("menu-text-size", "Text size", List.of(
                new MenuEntry.Item("menu-text-larger", KeyAction.UI_ZOOM_IN.description(), KeyAction.UI_ZOOM_IN, shell.appearance()::larger),
                new MenuEntry.Item("menu-text-smaller", KeyAction.UI_ZOOM_OUT.description(), KeyAction.UI_ZOOM_OUT, shell.appearance()::smaller),
                new MenuEntry.Item("menu-text-reset", KeyAction.UI_ZOOM_RESET.description(), KeyAction.UI_ZOOM_RESET,
                        () -> shell.appearance().setZoom(100)))));
        view(m, new MenuEntry.Item("menu-keys", "Show keys", KeyAction.CHEAT_SHEET, () -> shell.cheatSheet().toggle(shell.stage())));
        view(m, new MenuEntry.Item("menu-key-bindings", "Key bindings…", null, () -> KeyBindingsDialog.show(shell.stage())));
        return m;
    }

    private static void file(List<MenuContribution> m, MenuEntry e) {
        m.add(new MenuContribution("File", e));
    }

    private static void edit(List<MenuContribution> m, MenuEntry e) {
        m.add(new MenuContribution("Edit", e));
    }

    private static void view(List<MenuContribution> m, MenuEntry e) {
        m.add(new MenuContribution("View", e));
    }

    private static void whatIf(Shell shell, boolean save) {
        if (shell.whatIf() != null) {
            if (save) {
                shell.whatIf().save();
            } else {
                shell.whatIf().saveAs();
            }
        }
    }

    /** Greyed out while the shown session has nothing to undo (or redo), or nothing is shown. */
    private static ObservableValue<Boolean> cannot(Shell shell, boolean undo) {
        return shell.current().flatMap(c -> undo ? c.whatIf().canUndo() : c.whatIf().canRedo()).map(can -> !can).orElse(true);
    }

    /** The shown scenario's filter, both ways: the check follows `D`, and clicking it sets the filter. */
    private static BooleanProperty divergentOnly(Shell shell) {
        BooleanProperty on = new SimpleBooleanProperty();
        ObservableValue<Boolean> shown = shell.current().flatMap(c -> c.window().model().divergentOnly()).orElse(false);
        shown.addListener((o, a, b) -> on.set(b));
        on.addListener((o, a, b) -> {
            ScenarioViewModel vm = shell.window() == null ? null : shell.window().model();
            if (vm != null && vm.divergentOnly().get() != b) {
                vm.setDivergentOnly(b);
            }
        });
        return on;
    }

    private static BooleanProperty reducedMotion() {
        BooleanProperty on = new SimpleBooleanProperty(Preferences.reducedMotion());
        on.addListener((o, a, b) -> Preferences.setReducedMotion(b));
        return on;
    }
}
