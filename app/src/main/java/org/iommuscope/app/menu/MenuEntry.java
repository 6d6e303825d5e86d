package org.iommuscope.app.menu;

import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableValue;
import org.iommuscope.app.keys.KeyAction;

/**
 * One entry of a menu, as data: {@link MenuBarBuilder} turns a list of them into the menu bar, with every
 * shortcut taken from the key table as bound now, so a rebound key shows in the menus at once.
 */
public sealed interface MenuEntry {

    /**
     * An item that does something.
     *
     * @param key      the action whose key it shows (and that the window's key table runs), or null
     * @param disabled when it is greyed out, or null for never
     */
    record Item(String id, String text, KeyAction key, Runnable run, ObservableValue<Boolean> disabled) implements MenuEntry {
        public Item(String id, String text, KeyAction key, Runnable run) {
            this(id, text, key, run, null);
        }
    }

    /** A check item bound both ways to {@code selected}. */
    record Check(String id, String text, KeyAction key, BooleanProperty selected) implements MenuEntry {
    }

    /** Radio items, one selected: {@code selected} is the index of the one that shows as chosen when built. */
    record Choice(String id, String text, List<Item> items, Supplier<Integer> selected) implements MenuEntry {
        public Choice {
            items = List.copyOf(items);
        }
    }

    /** A submenu whose items are made afresh each time it opens (recent files), or once (a fixed list). */
    record Submenu(String id, String text, Supplier<List<MenuEntry>> items) implements MenuEntry {
        public static Submenu of(String id, String text, List<MenuEntry> items) {
            List<MenuEntry> fixed = List.copyOf(items);
            return new Submenu(id, text, () -> fixed);
        }
    }

    record Separator() implements MenuEntry {
    }
}
