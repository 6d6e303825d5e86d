package org.iommuscope.app.export.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.iommuscope.app.cli.CliRun;
import org.iommuscope.app.cli.Pictures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The exported page in a real browser (the system's Chromium, headless): it steps with the app's keys, shows
 * each step's caption, highlights what diverged, moves a replace's edge, lists errnos, and flags where two
 * profiles part. Skipped, with the reason printed, where Chromium or chromedriver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "chromiumInstalled", disabledReason = "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)")
class HtmlPlayerBrowserTest {
    /** The seed scenario's captioned steps: those with a `say` in scenarios/seed-thread.yaml, counted from 1. */
    private static final List<Integer> SEED_STOPS = List.of(1, 3, 7, 9, 10, 12, 14, 15, 16, 17, 20, 21, 23);
    /** The diverged colour of the app's stylesheet (-scope-diverged). */
    private static final String DIVERGED_RGB = "rgb(209, 36, 47)";

    private Path dir;
    private ChromeDriver browser;

    static boolean chromiumInstalled() {
        String missing = Chromium.missing();
        if (missing != null) {
            System.out.println("HtmlPlayerBrowserTest skipped: " + missing);
        }
        return missing == null;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        dir = Files.createTempDirectory("iommuscope-html");
        export("seed.html", "scenarios/seed-thread.yaml");
        export("incompatible.html", "scenarios/incompatible-domain.yaml");
        export("compare.html", "scenarios/seed-thread.yaml", "--profiles", "v2-patch,v6.15");
        browser = Chromium.start(dir.resolve("profile"));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void fullMotion() {
        Chromium.reduceMotion(browser, false);
    }

    private void export(String name, String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("export", args[0], "--html", dir.resolve(name).toString()));
        line.addAll(List.of(args).subList(1, args.length));
        CliRun r = CliRun.of(line.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private void open(String name) {
        browser.get(dir.resolve(name).toUri().toString());
        waitFor("the page to start", () -> counter().startsWith("Step 0 / "));
    }

    private void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private String counter() {
        return browser.findElement(By.id("counter")).getText();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The ids the page highlights in one picture (pane 0, or 1 on the right side by side). */
    @SuppressWarnings("unchecked")
    private List<String> highlighted(int pane) {
        return (List<String>) browser.executeScript("return Array.from(document.getElementById('picture-' + arguments[0])"
                + ".shadowRoot.querySelectorAll('.highlight')).map(e => e.id).sort()", pane);
    }

    /** The part of a screenshot the first picture's graph covers (its boxes and edges, not the legend). */
    private BufferedImage graphArea(BufferedImage shot) {
        List<?> r = (List<?>) script("const b = document.getElementById('picture-0').shadowRoot.querySelector('#graph').getBoundingClientRect();"
                + "const d = window.devicePixelRatio; return [b.left * d, b.top * d, b.width * d, b.height * d];");
        int x = Math.max(0, (int) Math.floor(((Number) r.get(0)).doubleValue()));
        int y = Math.max(0, (int) Math.floor(((Number) r.get(1)).doubleValue()));
        int w = Math.min(shot.getWidth() - x, (int) Math.ceil(((Number) r.get(2)).doubleValue()));
        int h = Math.min(shot.getHeight() - y, (int) Math.ceil(((Number) r.get(3)).doubleValue()));
        return shot.getSubimage(x, y, w, h);
    }

    private Object script(String js, Object... args) {
        return browser.executeScript(js, args);
    }

    private void waitFor(String what, Supplier<Boolean> condition) {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what + "; the page shows " + counter());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void waitForStep(int step) {
        String want = "Step " + step + " / 25";
        waitFor(want, () -> counter().equals(want));
    }

    /** Steps there from the start with →, and waits until every edge has landed. */
    private void goTo(int step) {
        press(Keys.HOME);
        for (int i = 0; i < step; i++) {
            press(Keys.ARROW_RIGHT);
        }
        waitForStep(step);
        waitToLand();
    }

    private void waitToLand() {
        waitFor("every edge to land", () -> (Long) script("return Array.from(document.querySelectorAll('.picture'))"
                + ".reduce((n, p) => n + p.shadowRoot.querySelectorAll('[data-moving]').length, 0)") == 0);
    }

    private Path screenshot(String name) throws IOException {
        Path out = Path.of("app", "target", "screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
        return out;
    }

    @Test
    void aLinkNamesTheStepItOpensAtAndTheAddressFollowsTheStepShown() {
        browser.get(dir.resolve("seed.html").toUri() + "#step-12");
        waitForStep(12);
        assertEquals("Step 12 · attach: {dev: idev1, pt: hwpt2} → ok", text("heading"), "the link opens the page at its step");
        press(Keys.ARROW_RIGHT);
        waitForStep(13);
        assertTrue(browser.getCurrentUrl().endsWith("#step-13"), "the address follows the step shown: " + browser.getCurrentUrl());
        script("location.hash = '#step-3'");
        waitForStep(3);
        browser.get(dir.resolve("seed.html").toUri() + "#step-99");
        waitForStep(25);
    }

    @Test
    void theAppsKeysStepThroughTheSeedAndEachStepShowsItsCaption() {
        open("seed.html");
        assertEquals("Step 0", text("heading"));
        assertTrue(text("say").startsWith("The LKML discussion of"), "step 0 shows the scenario's description: " + text("say"));
        press(Keys.ARROW_RIGHT);
        waitForStep(1);
        assertEquals("Two functions of one device share iommu_group 26: they cannot be isolated from each other.", text("say"));
        press(Keys.ARROW_RIGHT);
        waitForStep(2);
        assertEquals("Step 2 · bind: {device: \"0000:06:0d.0\", as: idev1} → ok", text("heading"));
        assertEquals("", text("say"), "an uncaptioned step shows no caption");
        press(Keys.ARROW_LEFT);
        waitForStep(1);
        press(Keys.END);
        waitForStep(25);
        press(Keys.ARROW_RIGHT);
        assertEquals("Step 25 / 25", counter(), "→ on the last step stays there");
        press(Keys.HOME);
        waitForStep(0);
        press(Keys.ARROW_LEFT);
        assertEquals("Step 0 / 25", counter(), "← on the first step stays there");

        // Space goes stop to stop (playing the steps between), Shift+Space back; under reduced motion it jumps.
        Chromium.reduceMotion(browser, true);
        for (int stop : SEED_STOPS) {
            press(Keys.SPACE);
            waitForStep(stop);
            assertTrue(!text("say").isEmpty(), "a stop has a caption: step " + stop);
        }
        press(Keys.SPACE);
        waitForStep(25);
        new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.SPACE).keyUp(Keys.SHIFT).perform();
        waitForStep(23);
        Chromium.reduceMotion(browser, false);
        press(Keys.HOME);
        press(Keys.ARROW_RIGHT);
        press(Keys.SPACE);
        waitForStep(3);

        // The timeline and the log: a click on a stop or a row goes there; the current row is marked.
        browser.findElement(By.cssSelector("#timeline .tick[data-step='12']")).click();
        waitForStep(12);
        assertEquals("12", browser.findElement(By.cssSelector("#log li.current")).getAttribute("data-step"));
        assertEquals(SEED_STOPS.stream().map(String::valueOf).toList(), browser.findElements(By.cssSelector("#timeline .tick.stop")).stream()
                .map(e -> e.getAttribute("data-step")).filter(s -> !s.equals("0")).toList(), "the timeline's stops are the captioned steps");
        browser.findElement(By.cssSelector("#log li[data-step='7']")).click();
        waitForStep(7);
        browser.findElement(By.id("next")).click();
        waitForStep(8);
    }

    @Test
    void theSiblingThatTheReplaceLeftBehindIsHighlightedUntilItsOwnReplace() throws IOException {
        open("seed.html");
        Chromium.reduceMotion(browser, true);
        goTo(11);
        assertEquals(List.of(), highlighted(0), "both idevs attached to hwpt 5: nothing diverged");
        assertTrue(text("diverged").contains("nothing"), text("diverged"));
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)));
        press(Keys.ARROW_RIGHT);
        waitForStep(12);
        // iommufd_device_do_replace() moves the whole group (igroup->hwpt = hwpt 6); user space still records hwpt 5 for idev 2.
        assertEquals(List.of("idev-2", "rec-2"), highlighted(0));
        assertEquals(DIVERGED_RGB, script("return getComputedStyle(document.getElementById('picture-0').shadowRoot"
                + ".querySelector('#idev-2 > rect.box')).stroke"), "the highlight is drawn in the diverged colour");
        assertTrue(text("diverged").contains("idev 2 records hwpt 5"), text("diverged"));
        Path shot = screenshot("html-seed-step12-diverged");
        BufferedImage after = ImageIO.read(shot.toFile());
        // Counted in the graph only: the legend's swatches and the side panel's text are red at every step.
        long red = Pictures.countNear(graphArea(after), 0xd1242f, 4);
        long redBefore = Pictures.countNear(graphArea(before), 0xd1242f, 4);
        assertTrue(red > 3 * redBefore + 200, "the diverged idev and its record are drawn in red: " + red + " red pixels, " + redBefore + " before");
        goTo(16);
        assertEquals(List.of("idev-2", "rec-2"), highlighted(0), "still diverged while idev 2 has not replaced");
        press(Keys.ARROW_RIGHT);
        waitForStep(17);
        assertEquals(List.of(), highlighted(0), "idev 2's own replace is a NOP that brings its record up to date");

        // D dims everything but the diverged idev and what it points at, as the window's filter does.
        goTo(12);
        press("d");
        Object dimmed = script("return Array.from(document.getElementById('picture-0').shadowRoot.querySelectorAll('.dimmed')).map(e => e.id)");
        assertTrue(((List<?>) dimmed).contains("idev-1") && !((List<?>) dimmed).contains("idev-2"), "dimmed: " + dimmed);
        press("d");
        assertEquals(0L, script("return document.getElementById('picture-0').shadowRoot.querySelectorAll('.dimmed').length"));
    }

    /** Installs a counter of the group-domain edge's route changes, and returns its points now. */
    private String watchGroupEdge() {
        return (String) script("const line = document.getElementById('picture-0').shadowRoot.querySelector('#gd-26 polyline');"
                + "if (window.routeWatch) window.routeWatch.disconnect();"
                + "window.routeChanges = 0;"
                + "window.routeWatch = new MutationObserver(m => { window.routeChanges += m.length; });"
                + "window.routeWatch.observe(line, {attributes: true, attributeFilter: ['points']});"
                + "return line.getAttribute('points');");
    }

    private String groupEdgePoints() {
        return (String) script("return document.getElementById('picture-0').shadowRoot.querySelector('#gd-26 polyline').getAttribute('points')");
    }

    private boolean groupEdgeMoving() {
        return (Boolean) script("return document.getElementById('picture-0').shadowRoot.querySelector('#gd-26').hasAttribute('data-moving')");
    }

    @Test
    void theReplaceMovesTheGroupsDomainEdgeExceptUnderReducedMotion() throws IOException {
        open("seed.html");
        goTo(11);
        String atHwpt5 = watchGroupEdge();
        press(Keys.ARROW_RIGHT);
        waitForStep(12);
        waitFor("the edge to land", () -> !groupEdgeMoving());
        String atHwpt6 = groupEdgePoints();
        long changes = (Long) script("return window.routeChanges");
        assertNotEquals(atHwpt5, atHwpt6, "the group's domain edge ends at hwpt 6 now");
        assertTrue(changes > 5, "the edge travelled through in-between routes: " + changes + " changes");

        // Reduced motion: the same step lands at once.
        Chromium.reduceMotion(browser, true);
        goTo(11);
        assertEquals(atHwpt5, watchGroupEdge());
        press(Keys.ARROW_RIGHT);
        waitForStep(12);
        assertEquals(atHwpt6, groupEdgePoints());
        assertEquals(1L, script("return window.routeChanges"), "one change: straight to hwpt 6");
        // A jump (not a step forward by one) never animates either, as in the window.
        Chromium.reduceMotion(browser, false);
        press(Keys.HOME);
        waitForStep(0);
        watchGroupEdge();
        browser.findElement(By.cssSelector("#log li[data-step='13']")).click();
        waitForStep(13);
        assertTrue(!groupEdgeMoving(), "a jump does not fly");
        assertEquals(atHwpt6, groupEdgePoints());
    }

    @Test
    void theOpLogListsEveryStepWithTheKernelsErrno() throws IOException {
        open("incompatible.html");
        List<String> rows = browser.findElements(By.cssSelector("#log li")).stream().map(e -> e.getAttribute("data-step")).toList();
        assertEquals(rows.size() - 1, Integer.parseInt(counter().replaceAll("^Step 0 / ", "")), "one row per step and one for boot");
        // iommufd_hwpt_paging_alloc(): IOMMU_HWPT_ALLOC_DIRTY_TRACKING without IOMMU_CAP_DIRTY_TRACKING is -EOPNOTSUPP.
        String dirty = browser.findElement(By.cssSelector("#log li[data-step='8'] .errno")).getText();
        assertEquals("EOPNOTSUPP", dirty);
        assertEquals("rgba(209, 36, 47, 1)", browser.findElement(By.cssSelector("#log li[data-step='8'] .errno")).getCssValue("color"),
                "errnos in the diverged colour");
        browser.findElement(By.cssSelector("#log li[data-step='8']")).click();
        waitFor("step 8", () -> counter().startsWith("Step 8 / "));
        assertTrue(text("heading").endsWith("→ EOPNOTSUPP"), text("heading"));
        screenshot("html-incompatible-step8-errno");
        assertEquals(List.of(), browser.findElements(By.cssSelector("#log li[data-step='9'] .errno")), "an ok step shows no errno");
    }

    @Test
    void twoProfilesSideBySideFlagTheFirstStepWhereTheyPart() throws IOException {
        open("compare.html");
        assertEquals(List.of("v2-patch", "v6.15"), browser.findElements(By.cssSelector(".pane")).stream()
                .map(e -> e.getAttribute("data-profile")).toList());
        // The v2 patch kept a per-device hwpt: idev 1's replace moves only idev 1; the merged kernel moves the group.
        assertEquals("12", browser.findElement(By.id("first-difference")).getAttribute("data-step"));
        goTo(11);
        assertTrue(text("facts").startsWith("same result and state"), text("facts"));
        press(Keys.ARROW_RIGHT);
        waitForStep(12);
        assertTrue(text("facts").startsWith("⚑ first difference"), text("facts"));
        assertTrue(text("facts").contains("hwpt 6 attached: [1] | [1, 2]"), text("facts"));
        for (int pane = 0; pane < 2; pane++) {
            Object differs = script("return Array.from(document.getElementById('picture-' + arguments[0]).shadowRoot"
                    + ".querySelectorAll('.differs')).map(e => e.id).sort()", pane);
            assertTrue(((List<?>) differs).containsAll(List.of("hwpt-5", "hwpt-6")), "pane " + pane + " outlines " + differs);
        }
        Chromium.reduceMotion(browser, true);
        waitToLand();
        screenshot("html-compare-step12");
    }

    @Test
    void thePageFetchesNothingAndReportsNoError() {
        open("seed.html");
        press(Keys.END);
        waitForStep(25);
        assertEquals(0L, script("return performance.getEntriesByType('resource').length"), "nothing but the file itself is loaded");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertEquals("", errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")), "the console stays quiet");
    }
}
