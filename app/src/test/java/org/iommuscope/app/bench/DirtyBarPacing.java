package org.iommuscope.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.iommuscope.app.appearance.Theme;
import org.iommuscope.app.ioas.IoasBar;
import org.iommuscope.app.ioas.IoasModel;
import org.iommuscope.app.ioas.IovaWindow;

/**
 * The IOAS bar with many dirty pages: a 1 GiB area of which every other 4 KiB page is dirty (131,072 runs, the worst
 * case for merging), shown, laid out and drawn in a 1,400 px window, at the whole area and zoomed in. Prints the
 * time per redraw and how many nodes and path elements the dirty pages cost. Run it as the README says (under Xvfb).
 */
public final class DirtyBarPacing {
    private DirtyBarPacing() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 131_072;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        List<IoasModel.Span> dirty = new ArrayList<>(runs);
        for (long i = 0; i < runs; i++) {
            dirty.add(new IoasModel.Span(i * 0x2000, i * 0x2000 + 0xfff));
        }
        long last = (long) runs * 0x2000 - 1;
        java.util.TreeMap<Long, org.iommuscope.engine.iopt.Area> area = new java.util.TreeMap<>(org.iommuscope.engine.hw.Unsigned.ORDER);
        area.put(0L, new org.iommuscope.engine.iopt.Area(0, last, 0x7f0000000000L, org.iommuscope.engine.hw.Prot.RW, true));
        IoasModel model = new IoasModel(1, "ioas 1", 1, List.of(), new org.iommuscope.app.ioas.AreaRanges(1, area), new IovaWindow(0, last),
                null, false, List.of(), dirty);
        CompletableFuture<String> out = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                IoasBar bar = new IoasBar(1);
                Stage stage = new Stage();
                Scene scene = new Scene(bar, 1400, 160);
                scene.getStylesheets().addAll(Theme.LIGHT.stylesheets());
                stage.setScene(scene);
                stage.show();
                StringBuilder b = new StringBuilder();
                for (String view : List.of("whole area", "1/64 of it")) {
                    if (view.startsWith("1/64")) {
                        bar.zoomTo(0, last / 64);
                    } else {
                        bar.zoomTo(0, last);
                    }
                    int n = 20;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        bar.show(model);
                        bar.applyCss();
                        bar.layout();
                        scene.snapshot(null);
                    }
                    double ms = (System.nanoTime() - t0) / 1e6 / n;
                    b.append(String.format("%,d dirty runs, %s: %.1f ms per step (show + layout + draw), %d nodes in the track, %d path elements%n",
                            runs, view, ms, bar.track().getChildrenUnmodifiable().size(), bar.dirtyShape().getElements().size()));
                }
                out.complete(b.toString());
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        System.out.print(out.get());
        Platform.exit();
        System.exit(0);
    }
}
