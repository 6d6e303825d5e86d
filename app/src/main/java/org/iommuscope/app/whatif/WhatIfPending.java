package org.iommuscope.app.whatif;

import javafx.beans.binding.Bindings;
import javafx.event.EventHandler;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseEvent;
import org.iommuscope.app.graph.TopologyView;
import org.iommuscope.app.window.MainWindow;

/**
 * While a long trace still runs it has no what-if session yet (it starts once every step has run, on the steps
 * read): a right-click on the canvas, on an object or the background, says so in one greyed item with how far the
 * run is, rather than doing nothing. Removed when the session arrives and puts its own menus there.
 */
public final class WhatIfPending {
    public static final String MENU_ID = "menu-whatif-pending";
    private final TopologyView canvas;
    private final ContextMenu menu = new ContextMenu();
    private final MenuItem item = new MenuItem();
    private final org.iommuscope.app.menu.RightClick rightClick = new org.iommuscope.app.menu.RightClick();
    private final EventHandler<ContextMenuEvent> onRequest = e -> show(e.getScreenX(), e.getScreenY(), false);
    private final EventHandler<MouseEvent> onPress = e -> {
        if (e.isSecondaryButtonDown()) {
            show(e.getScreenX(), e.getScreenY(), true);
        }
    };

    private WhatIfPending(MainWindow window) {
        canvas = window.canvas();
        item.setId("menu-whatif-pending-item");
        item.getStyleClass().add("whatif-pending");
        item.textProperty().bind(Bindings.concat("What-if opens once every step has run — ", window.model().progress()));
        item.setDisable(true);
        menu.setId(MENU_ID);
        menu.getItems().add(item);
        canvas.addEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, onRequest);
        canvas.addEventFilter(MouseEvent.MOUSE_PRESSED, onPress);
    }

    /** Puts the notice on the canvas of {@code window}, a long trace still running. */
    public static WhatIfPending install(MainWindow window) {
        return new WhatIfPending(window);
    }

    /** The session is there: the notice goes, and the session's menus take the canvas. */
    public void remove() {
        menu.hide();
        canvas.removeEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, onRequest);
        canvas.removeEventFilter(MouseEvent.MOUSE_PRESSED, onPress);
    }

    /** No session will come (the file has errors past its first steps): the notice says why instead. */
    public void never(String why) {
        item.textProperty().unbind();
        item.setText(why);
    }

    /** The notice's menu (shown or not). */
    public ContextMenu menu() {
        return menu;
    }

    /** On a secondary press or on the platform's menu request, whichever comes, once. */
    private void show(double x, double y, boolean press) {
        rightClick.open(() -> menu, canvas, x, y, press);
    }
}
