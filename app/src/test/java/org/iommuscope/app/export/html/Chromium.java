package org.iommuscope.app.export.html;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's Chromium, headless, driven through the system's chromedriver: Debian's `chromium` and
 * `chromium-driver`. Both paths are given, so Selenium looks nothing up and downloads nothing.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium looks for a DevTools binding of this Chromium's version and warns; none is needed (CDP goes through chromedriver). */
    private static final java.util.logging.Logger DEVTOOLS_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    private Chromium() {
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(BROWSER)) {
            return BROWSER + " is not installed (Debian: apt-get install chromium chromium-driver)";
        }
        if (!Files.isExecutable(DRIVER)) {
            return DRIVER + " is not installed (Debian: apt-get install chromium-driver)";
        }
        return null;
    }

    /** A fresh headless browser with its own profile directory under {@code profile}, 1600×1000. */
    static ChromeDriver start(Path profile) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--window-size=1600,1000",
                "--user-data-dir=" + Files.createDirectories(profile).toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        DEVTOOLS_LOG.setLevel(Level.OFF);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Tells the page the reader asked for reduced motion (the media feature `prefers-reduced-motion: reduce`). */
    static void reduceMotion(ChromeDriver browser, boolean on) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                java.util.List.of(Map.of("name", "prefers-reduced-motion", "value", on ? "reduce" : "no-preference"))));
    }
}
