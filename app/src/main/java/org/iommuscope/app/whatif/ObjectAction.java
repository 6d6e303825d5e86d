package org.iommuscope.app.whatif;

import java.util.List;

/**
 * What a right click on an object offers, as data: the what-if view-model lists them, and the view turns them
 * into a context menu. An item that the kernel would refuse says so in its text before the click.
 */
public sealed interface ObjectAction {

    /**
     * @param id      the menu item's id (`menu-detach`), for tests and styles
     * @param refused the kernel would refuse it now (probed, nothing committed)
     */
    record Item(String id, String text, boolean refused, Runnable run) implements ObjectAction {
    }

    /** Candidates for an op that takes another object ("Attach to" → each IOAS and hwpt); disabled when empty. */
    record Choices(String id, String text, List<Item> items) implements ObjectAction {
        public Choices {
            items = List.copyOf(items);
        }
    }

    record Separator() implements ObjectAction {
    }
}
