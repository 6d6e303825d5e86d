package org.iommuscope.app.menu;

import javafx.scene.control.ContextMenu;

/** Right-click menus that open once on every platform. */
public final class RightClick {
    private RightClick() {
    }

    /**
     * Opens a right-click menu on a secondary press or on the platform's context-menu request, whichever comes:
     * some platforms send only one of them (the headless test platform sends no menu request), most send both,
     * and the second must not open the menu again. Returns the menu showing now ({@code showing} when this was the
     * second; null when {@code menu} had nothing to offer).
     */
    public static ContextMenu popUp(ContextMenu showing, java.util.function.Supplier<ContextMenu> menu, javafx.scene.Node anchor,
                             double x, double y, boolean press) {
        if (!press && showing != null && showing.isShowing()) {
            return showing;
        }
        if (showing != null) {
            showing.hide();
        }
        ContextMenu next = menu.get();
        if (next != null) {
            next.show(anchor, x, y);
        }
        return next;
    }
}
