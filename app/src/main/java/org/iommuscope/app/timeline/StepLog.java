package org.iommuscope.app.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import org.iommuscope.app.menu.RightClick;

/**
 * The op log: one row per step, in columns, drawn by as many row nodes as fit, over a scroll bar whose value is the
 * first row shown. Every row is as tall as the next, so the rows in view are found by a division however long the
 * log: a TableView's virtual flow walks its per-row size cache to a far row (tens of ms at 10^5 rows, on every jump).
 * Styled as a table ({@code table-view}, {@code table-row-cell} with {@code :odd}, {@code :filled},
 * {@code :selected}, and {@code table-cell}), so the theme's table colours apply.
 */
public final class StepLog extends Region {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass ODD = PseudoClass.getPseudoClass("odd");
    private static final PseudoClass EVEN = PseudoClass.getPseudoClass("even");
    private static final PseudoClass FILLED = PseudoClass.getPseudoClass("filled");
    private static final PseudoClass EMPTY = PseudoClass.getPseudoClass("empty");
    /** A row is two em tall, as a table's cell is ({@code -fx-cell-size: 2.0em}). */
    private static final double ROW_EM = 2.0;
    /** Rows a notch of the wheel scrolls. */
    private static final int WHEEL_ROWS = 3;

    /** A column: its title, its width, what it shows of a step, and a style class for a cell (or null). */
    public static final class Column {
        private final String title;
        private final DoubleProperty prefWidth = new SimpleDoubleProperty(80);
        private final Function<Frame, String> text;
        private final Function<Frame, String> cellClass;
        private final Label header = new Label();
        private double minEm = Double.NaN;

        public Column(String title, Function<Frame, String> text, Function<Frame, String> cellClass) {
            this.title = title;
            this.text = text;
            this.cellClass = cellClass;
            header.setText(title);
        }

        public Column(String title, Function<Frame, String> text) {
            this(title, text, f -> null);
        }

        public String getText() {
            return title;
        }

        public DoubleProperty prefWidthProperty() {
            return prefWidth;
        }

        public double getPrefWidth() {
            return prefWidth.get();
        }

        public void setPrefWidth(double w) {
            prefWidth.set(w);
        }

        /** The narrowest this column gets on a narrow log, in em of the log's font (unset: its preferred width). */
        public void setMinWidthEm(double em) {
            minEm = em;
        }

        double minWidth() {
            return Double.isNaN(minEm) ? prefWidth.get() : minEm * header.getFont().getSize();
        }

        /** The node id of the column's header. */
        public void setId(String id) {
            header.setId(id);
        }
    }

    /** One row of the log: the step it shows (null past the last), a cell per column. */
    public static final class Row extends Region {
        private final StepLog log;
        private final List<Label> cells = new ArrayList<>();
        private Frame item;
        private int index = -1;
        private List<String> classes = List.of();
        private boolean selected;
        private boolean odd;
        private boolean filled;

        private Row(StepLog log) {
            this.log = log;
            getStyleClass().setAll("table-row-cell", "step-row");
            pseudoClassStateChanged(EVEN, true);
            pseudoClassStateChanged(EMPTY, true);
            setOnMouseClicked(e -> {
                if (item != null && log.onRowClicked != null) {
                    log.onRowClicked.accept(item, e);
                }
            });
            log.menus.install(this, () -> item == null || log.rowMenu == null ? null : log.rowMenu.apply(item));
        }

        /** The step shown, or null for a row past the last. */
        public Frame getItem() {
            return item;
        }

        /** Its row in the log (the index into the log's items). */
        public int getIndex() {
            return index;
        }

        /** Shows step {@code f} (null: none) as row {@code i}; true if its style changed (its CSS is stale). */
        private boolean show(Frame f, int i, boolean isSelected, List<Column> columns) {
            boolean restyle = false;
            if (cells.size() != columns.size()) {
                cells.clear();
                for (int c = 0; c < columns.size(); c++) {
                    Label cell = new Label();
                    cell.getStyleClass().setAll("table-cell");
                    cell.setMinWidth(0);
                    cells.add(cell);
                }
                getChildren().setAll(cells);
                item = null;
                index = -1;
                restyle = true;
            }
            if (f != item || i != index) {
                for (int c = 0; c < columns.size(); c++) {
                    Column col = columns.get(c);
                    Label cell = cells.get(c);
                    cell.setText(f == null ? null : col.text.apply(f));
                    String cls = f == null ? null : col.cellClass.apply(f);
                    if (cell.getStyleClass().size() > 1 || cls != null) {
                        if (cls == null) {
                            cell.getStyleClass().setAll("table-cell");
                        } else {
                            cell.getStyleClass().setAll("table-cell", cls);
                        }
                        restyle = true;
                    }
                }
                boolean isOdd = (i & 1) == 1;
                if (isOdd != odd || (f != null) != filled) {
                    odd = isOdd;
                    filled = f != null;
                    pseudoClassStateChanged(ODD, odd);
                    pseudoClassStateChanged(EVEN, !odd);
                    pseudoClassStateChanged(FILLED, filled);
                    pseudoClassStateChanged(EMPTY, !filled);
                    restyle = true;
                }
                item = f;
                index = i;
            }
            List<String> want = f == null ? List.of() : log.rowClasses.apply(f);
            if (!want.equals(classes)) {
                getStyleClass().removeAll(classes);
                getStyleClass().addAll(want);
                classes = want;
                restyle = true;
            }
            boolean sel = f != null && isSelected;
            if (sel != selected) {
                selected = sel;
                pseudoClassStateChanged(SELECTED, sel);
                restyle = true;
            }
            return restyle;
        }

        @Override
        protected void layoutChildren() {
            List<Column> columns = log.columns;
            double x = 0;
            double h = getHeight();
            for (int c = 0; c < cells.size() && c < columns.size(); c++) {
                double w = log.widthOf(c);
                cells.get(c).resizeRelocate(x, 0, w, h);
                x += w;
            }
        }
    }

    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private ObservableList<Frame> items = FXCollections.observableArrayList();
    private final ListChangeListener<Frame> itemsChanged = c -> rowsChanged();
    private final Pane header = new Pane() {
        @Override
        protected void layoutChildren() {
            double x = 0;
            for (int c = 0; c < getChildren().size() && c < columns.size(); c++) {
                double w = widthOf(c);
                getChildren().get(c).resizeRelocate(x, 0, w, getHeight());
                x += w;
            }
        }

        @Override
        protected double computePrefHeight(double width) {
            double h = 0;
            for (javafx.scene.Node n : getChildren()) {
                h = Math.max(h, n.prefHeight(-1));
            }
            return h + snappedTopInset() + snappedBottomInset();
        }
    };
    private final Pane sheet = new Pane();
    private final Rectangle clip = new Rectangle();
    private final ScrollBar bar = new ScrollBar();
    private final List<Row> pool = new ArrayList<>();
    /** In this log's layout pass: rows restyled now get their CSS at once (the scene's CSS pass came before). */
    private boolean inLayout;
    private final java.util.Set<Column> watched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int top;
    private int selected = -1;
    /** The width of each column as laid out: its preferred one, the last taking what is left. */
    private double[] widths = new double[0];
    private double[] laidOut = new double[0];
    private Function<Frame, List<String>> rowClasses = f -> List.of();
    private BiConsumer<Frame, MouseEvent> onRowClicked;
    private Function<Frame, ContextMenu> rowMenu;
    /** The rows' menus: one open at a time. */
    private final RightClick menus = new RightClick();

    public StepLog() {
        getStyleClass().setAll("table-view", "step-log");
        header.getStyleClass().add("column-header-background");
        Rectangle headerClip = new Rectangle();
        headerClip.widthProperty().bind(header.widthProperty());
        headerClip.heightProperty().bind(header.heightProperty());
        header.setClip(headerClip);
        sheet.getStyleClass().add("sheet");
        sheet.setClip(clip);
        bar.setOrientation(Orientation.VERTICAL);
        bar.setMin(0);
        bar.setUnitIncrement(1);
        bar.valueProperty().addListener((o, a, b) -> {
            int t = (int) Math.round(b.doubleValue());
            if (t != top) {
                top = t;
                fill(false);
            }
        });
        sheet.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                int rows = (int) Math.signum(-e.getDeltaY()) * WHEEL_ROWS;
                bar.setValue(clampTop(top + rows));
                e.consume();
            }
        });
        getChildren().addAll(header, sheet, bar);
        columns.addListener((ListChangeListener<Column>) c -> {
            header.getChildren().setAll(columns.stream().map(this::headerCell).toList());
            fill(true);
            requestLayout();
        });
        items.addListener(itemsChanged);
    }

    private StackPane headerCell(Column c) {
        StackPane cell = new StackPane(c.header);
        cell.getStyleClass().add("column-header");
        cell.setMinWidth(0);
        // Once per column, however often the columns change (a kernel column comes and goes).
        if (watched.add(c)) {
            c.prefWidth.addListener((o, a, b) -> requestLayout());
            // A row is two em: a new font (text zoom, theme) asks for another number of rows.
            c.header.fontProperty().addListener((o, a, b) -> requestLayout());
        }
        return cell;
    }

    /**
     * The scroll bar over {@code size} rows of which {@code fit} show: its value is the first row shown, so its range
     * is size - fit, and its thumb is fit / size of the track (the skin sizes it as visible amount / range).
     */
    private void sizeBar(int fit) {
        int range = Math.max(0, items.size() - fit);
        bar.setMax(range);
        bar.setVisibleAmount(items.isEmpty() ? range : (double) fit * range / items.size());
        bar.setBlockIncrement(fit);
    }

    public ObservableList<Column> getColumns() {
        return columns;
    }

    public ObservableList<Frame> getItems() {
        return items;
    }

    public void setItems(ObservableList<Frame> list) {
        items.removeListener(itemsChanged);
        items = list;
        items.addListener(itemsChanged);
        rowsChanged();
    }

    /** The style classes a step's row gets beside {@code table-row-cell}. */
    public void setRowClasses(Function<Frame, Collection<String>> classes) {
        rowClasses = f -> List.copyOf(classes.apply(f));
        fill(false);
    }

    /** What a click on a step's row does. */
    public void setOnRowClicked(BiConsumer<Frame, MouseEvent> handler) {
        onRowClicked = handler;
    }

    /** The menu a step's row opens (null: none). */
    public void setRowMenu(Function<Frame, ContextMenu> menu) {
        rowMenu = menu;
    }

    /** The selected row (an index into the items), or -1. */
    public int getSelectedIndex() {
        return selected;
    }

    /** The step of the selected row, or null. */
    public Frame getSelectedItem() {
        return selected >= 0 && selected < items.size() ? items.get(selected) : null;
    }

    public void select(int row) {
        if (row != selected) {
            selected = row;
            fill(false);
        }
    }

    public void clearSelection() {
        select(-1);
    }

    /** Scrolls so that row {@code row} is the first shown (as far as the rows after it allow). */
    public void scrollTo(int row) {
        bar.setValue(clampTop(row));
    }

    /** The first row shown. */
    public int top() {
        return top;
    }

    /** Shows every row again (what the row classes say of a step may have changed). */
    public void refresh() {
        fill(true);
    }

    /** The row nodes, top to bottom: as many as fit, those past the last step empty. */
    public List<Row> rows() {
        return List.copyOf(pool);
    }

    /** The rows that fit the sheet whole. */
    public int rowsInView() {
        return (int) Math.max(1, Math.floor(sheet.getHeight() / rowHeight()));
    }

    /** A row's height: two em of the log's font. */
    public double rowHeight() {
        return Math.ceil(ROW_EM * (columns.isEmpty() ? javafx.scene.text.Font.getDefault() : columns.get(0).header.getFont()).getSize());
    }

    private int clampTop(int t) {
        return Math.max(0, Math.min(t, items.size() - rowsInView()));
    }

    private void rowsChanged() {
        sizeBar(rowsInView());
        // The scroll bar shows or hides as the rows outgrow the sheet or fit it.
        requestLayout();
        if (selected >= items.size()) {
            selected = -1;
        }
        int t = clampTop(top);
        if (t != top) {
            top = t;
            bar.setValue(t);
        }
        fill(false);
    }

    /**
     * Shows rows top.. in the pool's row nodes. Outside a layout pass the scene's CSS pass restyles what changed before
     * it is drawn; inside one, the rows restyled are given their CSS here, as a virtual flow gives its cells theirs.
     */
    private void fill(boolean again) {
        for (int i = 0; i < pool.size(); i++) {
            int row = top + i;
            Row r = pool.get(i);
            if (again) {
                r.item = null;
                r.index = -1;
            }
            Frame f = row < items.size() ? items.get(row) : null;
            if (r.show(f, row, row == selected, columns) && inLayout) {
                r.applyCss();
            }
        }
    }

    double widthOf(int c) {
        return c < widths.length ? widths[c] : 0;
    }

    /**
     * Each column its preferred width, the last taking what is left of the sheet. Too narrow a sheet takes from the
     * columns that may give (their minimum below their preferred width), the rightmost first, as far as their minimum.
     */
    private double[] columnWidths(double sheetW) {
        double[] w = new double[columns.size()];
        double used = 0;
        for (int c = 0; c < w.length; c++) {
            w[c] = snapSizeX(columns.get(c).getPrefWidth());
            used += w[c];
        }
        if (w.length == 0) {
            return w;
        }
        if (used < sheetW) {
            w[w.length - 1] += sheetW - used;
            return w;
        }
        double over = used - sheetW;
        for (int c = w.length - 1; c >= 0 && over > 0; c--) {
            double give = Math.min(over, Math.max(0, w[c] - snapSizeX(columns.get(c).minWidth())));
            w[c] -= give;
            over -= give;
        }
        return w;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = getWidth() - in.getLeft() - in.getRight();
        double h = getHeight() - in.getTop() - in.getBottom();
        double rowH = rowHeight();
        double headerH = snapSizeY(header.prefHeight(w));
        double sheetH = Math.max(0, h - headerH);
        int fit = (int) Math.max(1, Math.floor(sheetH / rowH));
        boolean scrolls = items.size() > fit;
        double barW = scrolls ? snapSizeX(bar.prefWidth(-1)) : 0;
        double sheetW = Math.max(0, w - barW);
        widths = columnWidths(sheetW);
        if (!java.util.Arrays.equals(widths, laidOut)) {
            laidOut = widths;
            header.requestLayout();
            pool.forEach(Region::requestLayout);
        }
        header.resizeRelocate(x, y, sheetW, headerH);
        sheet.resizeRelocate(x, y + headerH, sheetW, sheetH);
        clip.setWidth(sheetW);
        clip.setHeight(sheetH);
        bar.setVisible(scrolls);
        bar.resizeRelocate(x + sheetW, y + headerH, barW, sheetH);
        sizeBar(fit);
        int want = (int) Math.ceil(sheetH / rowH);
        inLayout = true;
        try {
            while (pool.size() < want) {
                Row r = new Row(this);
                // Placed here, not by the sheet.
                r.setManaged(false);
                pool.add(r);
                sheet.getChildren().add(r);
            }
            while (pool.size() > want) {
                sheet.getChildren().remove(pool.remove(pool.size() - 1));
            }
            int t = clampTop(top);
            if (t != top) {
                top = t;
                bar.setValue(t);
            }
            fill(false);
        } finally {
            inLayout = false;
        }
        for (int i = 0; i < pool.size(); i++) {
            pool.get(i).resizeRelocate(0, i * rowH, sheetW, rowH);
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return 8 * rowHeight() + header.prefHeight(width) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        return columns.stream().mapToDouble(Column::getPrefWidth).sum() + snappedLeftInset() + snappedRightInset();
    }
}
