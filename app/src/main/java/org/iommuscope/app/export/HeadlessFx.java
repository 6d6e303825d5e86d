package org.iommuscope.app.export;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;

/**
 * The JavaFX toolkit for drawing offscreen with no display: Monocle's headless platform and the software
 * renderer (what the tests run on too). Starts it once; if the toolkit already runs (inside the app or a
 * test) it is used as it is.
 */
public final class HeadlessFx {
    private static volatile boolean started;

    private HeadlessFx() {
    }

    /** Starts the toolkit headless; the properties must be set before any JavaFX class reads them. */
    public static synchronized void start() throws InterruptedException {
        if (started) {
            return;
        }
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
        if ("Monocle".equals(System.getProperty("glass.platform"))) {
            try {
                Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false, HeadlessFx.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // Glass would print a stack trace and fail with a NullPointerException; say what is missing instead.
                throw new IllegalStateException("JavaFX's headless platform (Monocle, org.testfx:openjfx-monocle) is not on the class path");
            }
        }
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Platform.startup(ready::countDown);
        } catch (IllegalStateException alreadyRunning) {
            ready.countDown();
        }
        ready.await();
        // Drawing offscreen opens no window; the toolkit must not stop when "the last window" closes.
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Starts the toolkit on another thread, so that loading and laying out a scenario overlap with it. */
    public static java.util.concurrent.CompletableFuture<Void> startInBackground() {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Runs on the JavaFX thread and waits for the result. */
    public static <T> T call(Callable<T> work) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return work.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
