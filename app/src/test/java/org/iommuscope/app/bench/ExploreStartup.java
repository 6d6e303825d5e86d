package org.iommuscope.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.explore.ExploreView;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.sysfs.SysfsImport;

/**
 * Import + first Explore frame for a machine with 1,024 SR-IOV VFs (four PFs, every function alone in its
 * group): builds the sysfs tree in a temporary directory, imports it, opens Explore and waits until the first
 * frame is drawn (a snapshot with the graph on it), in a JVM whose toolkit already shows a window, as the
 * app's does; the first run pays GraphStream's class loading. Also times the main canvas on the same machine.
 * Prints figures; run it as the README says (under Xvfb).
 */
public final class ExploreStartup {
    private ExploreStartup() {
    }

    public static void main(String[] args) throws Exception {
        int vfsPerPf = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        // Explore opens from a running app: its main window already made the toolkit's first window.
        CompletableFuture<Stage> main = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new javafx.scene.control.Label("main window"), 400, 300));
            s.show();
            main.complete(s);
        });
        main.get();
        Path dir = Files.createTempDirectory("iommuscope-bench");
        try {
            Path sys = sriovTree(dir.resolve("sys"), vfsPerPf);
            for (int i = 0; i < runs; i++) {
                measure(sys, i == runs - 1);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Platform.exit();
        System.exit(0);
    }

    private static void measure(Path sys, boolean withCanvas) throws Exception {
        long t0 = System.nanoTime();
        SysfsImport.Result r = SysfsImport.read(sys, SysfsImport.Progress.NONE);
        long t1 = System.nanoTime();
        CompletableFuture<long[]> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                long a = System.nanoTime();
                ExploreView view = new ExploreView(new org.iommuscope.app.explore.ExploreGraph(r.topology()), g -> { });
                Stage stage = new Stage();
                stage.setScene(new Scene(view, 1400, 900));
                stage.show();
                long b = System.nanoTime();
                // The first frame is drawn once GraphStream's timer has painted the graph: wait for a snapshot with it on.
                waitForDrawn(view, stage, a, b, shown);
            } catch (RuntimeException e) {
                shown.completeExceptionally(e);
            }
        });
        long[] t = shown.get();
        long t3 = System.nanoTime();
        System.out.printf("import %d groups / %d devices: %.0f ms; Explore view built and shown: %.0f ms; first frame with the graph: %.0f ms"
                        + " (%d colours); import + first frame: %.0f ms%n",
                r.topology().groups().size(), r.deviceCount(), ms(t1 - t0), ms(t[1] - t[0]), ms(t[2] - t[0]), t[3], ms(t3 - t0));
        if (withCanvas) {
            long c0 = System.nanoTime();
            // As the app opens a file: run and lay out on this (loader) thread, then build the window on the FX thread.
            ScenarioFrames.Loaded loaded = new ScenarioFrames.Loaded("bench", "v6.15",
                    ScenarioFrames.frames(ScenarioRunner.run(r.scenario(), null)), r.scenario()).laidOut();
            long c1 = System.nanoTime();
            CompletableFuture<Long> canvas = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    long f0 = System.nanoTime();
                    new MainWindow(loaded.frames(), loaded.layout());
                    canvas.complete(System.nanoTime() - f0);
                } catch (RuntimeException e) {
                    canvas.completeExceptionally(e);
                }
            });
            System.out.printf("main canvas on the whole machine, for comparison: run + ELK on the loader thread %.0f ms,"
                    + " then the window built on the FX thread %.0f ms%n", ms(c1 - c0), ms(canvas.get()));
        }
    }

    private static void waitForDrawn(ExploreView view, Stage stage, long a, long b, CompletableFuture<long[]> done) {
        Image img = view.snapshot(null, null);
        int colours = colours(img);
        if (colours > 8) {
            long c = System.nanoTime();
            view.close();
            stage.close();
            done.complete(new long[] {a, b, c, colours});
        } else {
            javafx.animation.PauseTransition next = new javafx.animation.PauseTransition(javafx.util.Duration.millis(20));
            next.setOnFinished(e -> waitForDrawn(view, stage, a, b, done));
            next.play();
        }
    }

    private static int colours(Image img) {
        Set<Integer> seen = new HashSet<>();
        var px = img.getPixelReader();
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        // The graph area only: below the tool bar, above the status line.
        for (int y = 60; y < h - 40; y += 4) {
            for (int x = 0; x < w; x += 4) {
                seen.add(px.getArgb(x, y));
            }
        }
        return seen.size();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Four ice PFs and their VFs as the kernel lays them out in sysfs (the tests' FakeSysfs does the same). */
    static Path sriovTree(Path sys, int vfsPerPf) throws IOException {
        String msi = "0x00000000fee00000 0x00000000feefffff msi\n";
        String[] pfs = {"0000:3b:00.0", "0000:3b:00.1", "0000:d8:00.0", "0000:d8:00.1"};
        int group = 0;
        for (int p = 0; p < pfs.length; p++) {
            String rc = p < 2 ? "pci0000:3a/0000:3a:00.0/" : "pci0000:d7/0000:d7:00.0/";
            device(sys, group++, rc + pfs[p], "ice", "dmar" + p, msi);
            int bus = Integer.parseInt(pfs[p].substring(5, 7), 16) + 1 + (p % 2) * ((vfsPerPf + 255) / 256);
            for (int v = 0; v < vfsPerPf; v++) {
                int devfn = v % 256;
                String vf = String.format("0000:%02x:%02x.%d", bus + v / 256, devfn >> 3, devfn & 7);
                device(sys, group++, rc + vf, v % 8 == 0 ? "vfio-pci" : "iavf", "dmar" + p, msi);
            }
        }
        return sys;
    }

    private static void device(Path sys, int group, String path, String driver, String iommu, String regions) throws IOException {
        Path g = Files.createDirectories(sys.resolve("kernel/iommu_groups/" + group + "/devices"));
        Files.writeString(g.getParent().resolve("type"), "DMA\n");
        Files.writeString(g.getParent().resolve("reserved_regions"), regions);
        Path dev = Files.createDirectories(sys.resolve("devices/" + path));
        Path drv = Files.createDirectories(sys.resolve("bus/pci/drivers/" + driver));
        Path unit = Files.createDirectories(sys.resolve("devices/virtual/iommu/" + iommu));
        for (List<Path> l : List.of(List.of(dev.resolve("driver"), drv), List.of(dev.resolve("iommu"), unit),
                List.of(g.resolve(dev.getFileName().toString()), dev))) {
            Files.createSymbolicLink(l.get(0), l.get(0).getParent().relativize(l.get(1)));
        }
    }
}
