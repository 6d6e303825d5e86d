package org.iommuscope.app.menu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import org.iommuscope.app.keys.KeyBindings;

/**
 * The menu bar from a list of {@link MenuContribution}s: one menu per name, in the order the names first
 * appear, each entry in its order. Shortcuts are bound to the key table ({@link KeyBindings}), so a key
 * rebound in the dialog shows in every menu at once.
 */
public final class MenuBarBuilder {
    private MenuBarBuilder() {
    }

    public static MenuBar build(List<MenuContribution> contributions) {
        Map<String, Menu> menus = new LinkedHashMap<>();
        for (MenuContribution c : contributions) {
            Menu m = menus.computeIfAbsent(c.menu(), name -> {
                Menu menu = new Menu(name);
                menu.setId("menu-" + name.toLowerCase(java.util.Locale.ROOT));
                // Its submenus are made afresh as it opens: a list that changes (recent files) is never stale,
                // and one that was empty (so disabled, and never opened) gets its items.
                menu.setOnShowing(ev -> refresh(menu));
                return menu;
            });
            m.getItems().add(item(c.entry()));
        }
        MenuBar bar = new MenuBar();
        bar.getMenus().setAll(menus.values());
        bar.setId("menu-bar");
        return bar;
    }

    /** The control for one entry. */
    public static MenuItem item(MenuEntry e) {
        if (e instanceof MenuEntry.Item i) {
            MenuItem item = new MenuItem(i.text());
            setUp(item, i.id(), i.key());
            item.setOnAction(ev -> i.run().run());
            if (i.disabled() != null) {
                item.disableProperty().bind(i.disabled());
            }
            return item;
        }
        if (e instanceof MenuEntry.Check c) {
            CheckMenuItem item = new CheckMenuItem(c.text());
            setUp(item, c.id(), c.key());
            item.selectedProperty().bindBidirectional(c.selected());
            return item;
        }
        if (e instanceof MenuEntry.Choice c) {
            Menu menu = new Menu(c.text());
            setUp(menu, c.id(), null);
            ToggleGroup group = new ToggleGroup();
            menu.setOnShowing(ev -> {
                int chosen = c.selected().get();
                for (int k = 0; k < menu.getItems().size(); k++) {
                    ((RadioMenuItem) menu.getItems().get(k)).setSelected(k == chosen);
                }
            });
            int chosen = c.selected().get();
            for (int k = 0; k < c.items().size(); k++) {
                MenuEntry.Item i = c.items().get(k);
                RadioMenuItem item = new RadioMenuItem(i.text());
                setUp(item, i.id(), i.key());
                item.setToggleGroup(group);
                item.setSelected(k == chosen);
                item.setOnAction(ev -> i.run().run());
                menu.getItems().add(item);
            }
            return menu;
        }
        if (e instanceof MenuEntry.Submenu s) {
            Menu menu = new Menu(s.text());
            setUp(menu, s.id(), null);
            menu.getProperties().put(MenuEntry.Submenu.class, s);
            fill(menu, s);
            return menu;
        }
        return new SeparatorMenuItem();
    }

    private static void refresh(Menu menu) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub && sub.getProperties().get(MenuEntry.Submenu.class) instanceof MenuEntry.Submenu s) {
                fill(sub, s);
            }
        }
    }

    private static void fill(Menu menu, MenuEntry.Submenu s) {
        List<MenuEntry> entries = s.items().get();
        menu.getItems().setAll(entries.stream().map(MenuBarBuilder::item).toList());
        menu.setDisable(entries.isEmpty());
    }

    private static void setUp(MenuItem item, String id, org.iommuscope.app.keys.KeyAction key) {
        item.setId(id);
        item.setMnemonicParsing(false);
        if (key != null) {
            item.acceleratorProperty().bind(KeyBindings.accelerator(key));
        }
    }
}
