package org.iommuscope.app.whatif;

import java.util.List;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/** A right-click menu drawn from the what-if view-model's {@link ObjectAction}s. */
final class ObjectMenus {
    private ObjectMenus() {
    }

    /** The menu with id {@code id}, or null when there is nothing to offer. */
    static ContextMenu of(String id, List<ObjectAction> actions) {
        if (actions.isEmpty()) {
            return null;
        }
        ContextMenu m = new ContextMenu();
        m.setId(id);
        for (ObjectAction a : actions) {
            m.getItems().add(item(a));
        }
        return m;
    }

    private static MenuItem item(ObjectAction a) {
        if (a instanceof ObjectAction.Item i) {
            MenuItem item = new MenuItem(i.text());
            item.setMnemonicParsing(false);
            item.setId(i.id());
            item.setOnAction(e -> i.run().run());
            if (i.refused()) {
                item.getStyleClass().add("refused-item");
            }
            return item;
        }
        if (a instanceof ObjectAction.Choices c) {
            Menu sub = new Menu(c.text());
            sub.setId(c.id());
            sub.setMnemonicParsing(false);
            c.items().forEach(i -> sub.getItems().add(item(i)));
            sub.setDisable(c.items().isEmpty());
            return sub;
        }
        return new SeparatorMenuItem();
    }
}
