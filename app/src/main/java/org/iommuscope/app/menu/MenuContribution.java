package org.iommuscope.app.menu;

/**
 * An entry for one of the menu bar's menus ("File", "Edit", "View"): the bar is built from a list of these,
 * so a feature adds its items by adding contributions, in the order they should appear.
 */
public record MenuContribution(String menu, MenuEntry entry) {
}
