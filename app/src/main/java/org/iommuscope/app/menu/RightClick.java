package org.iommuscope.app.menu;

import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.input.MouseEvent;

/**
 * Right-click menus that open once on every platform, one open at a time: a menu opens on a secondary press or on
 * the platform's context-menu request, whichever comes. Some platforms send only one of them (the headless test
 * platform sends no menu request), most send both, and the second must not open the menu again.
 */
public final class RightClick {
    private ContextMenu showing;

    /** A right-click on {@code node} opens {@code menu} (null from it: nothing to offer) and goes no further. */
    public void install(Node node, Supplier<ContextMenu> menu) {
        node.setOnContextMenuRequested(e -> {
            open(menu, node, e.getScreenX(), e.getScreenY(), false);
            e.consume();
        });
        node.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.isSecondaryButtonDown()) {
                open(menu, node, e.getScreenX(), e.getScreenY(), true);
                e.consume();
            }
        });
    }

    /**
     * Opens {@code menu} at (x, y) on a secondary press ({@code press}) or a menu request; the menu open before goes,
     * unless this is the request that follows the press that opened it. Returns the menu showing now, or null.
     */
    public ContextMenu open(Supplier<ContextMenu> menu, Node anchor, double x, double y, boolean press) {
        if (!press && showing != null && showing.isShowing()) {
            return showing;
        }
        if (showing != null) {
            showing.hide();
        }
        showing = menu.get();
        if (showing != null) {
            showing.show(anchor, x, y);
        }
        return showing;
    }

    /** The menu open now, or null. */
    public ContextMenu showing() {
        return showing != null && showing.isShowing() ? showing : null;
    }

    /** Closes the menu open now, if any. */
    public void hide() {
        if (showing != null) {
            showing.hide();
        }
    }
}
