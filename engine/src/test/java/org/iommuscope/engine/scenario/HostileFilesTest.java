package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built to exhaust the loader are refused quickly, each with a positioned diagnostic, never an OutOfMemoryError or a hang. */
class HostileFilesTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);
    private static final String HEAD = "scenario: x\ntopology:\n  groups: [{id: 1, devices: [{name: d}]}]\n";

    static Diagnostic refused(String text) {
        ScenarioException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(ScenarioException.class, () -> ScenarioLoader.loadString(text, "h.yaml")));
        List<Diagnostic> d = e.diagnostics();
        assertTrue(d.stream().allMatch(x -> x.line() >= 1 && x.column() >= 1), d::toString);
        return d.get(d.size() - 1);
    }

    @Test
    void aBillionLaughsFileIsRefusedAtTheAliasThatGoesTooFar() {
        StringBuilder sb = new StringBuilder(HEAD).append("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            sb.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                sb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            sb.append("]\n");
        }
        sb.append("steps: [*l9]\n");
        Diagnostic d = refused(sb.toString());
        assertTrue(d.message().contains("more than 50 aliases"), d.toString());
        // the 51st alias of a list: the third on the line of lol6 (9 + 9 + 9 + 9 + 9 + 6 = 51)
        assertEquals(10, d.line(), d.toString());
    }

    @Test
    void aFewAliasesNamingAHugeListAreRefusedBeforeTheyAreExpanded() {
        StringBuilder sb = new StringBuilder(HEAD).append("steps:\n  - &s {ioas_allow_iovas: {ioas: 1, ranges: [");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i == 0 ? "" : ",").append("[1,2]");
        }
        sb.append("]}}\n").append("  - *s\n".repeat(45));
        Diagnostic d = refused(sb.toString());
        assertTrue(d.message().contains("expands to more than"), d.toString());
    }

    @Test
    void deepNestingIsRefusedWhereItGoesTooDeep() {
        String deep = HEAD + "steps:\n  - say: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        Diagnostic d = refused(deep);
        // the file's mapping, steps, the step and 61 brackets: the 62nd bracket is level 65
        assertEquals("h.yaml:5:" + ("  - say: ".length() + 62) + ": nesting deeper than 64 levels", d.toString());
        String deepMap = HEAD + "steps: " + "{a: ".repeat(5_000) + "1" + "}".repeat(5_000) + "\n";
        assertTrue(refused(deepMap).message().startsWith("nesting deeper than"));
    }

    @Test
    void aLongListOfStepsIsNoLongerRefused() throws ScenarioException {
        String many = HEAD + "steps:\n" + "  - say: x\n".repeat(100_001);
        assertEquals(100_001, ScenarioLoader.loadString(many, "h.yaml").steps().size());
    }

    @Test
    void aTextOverTheSetLimitIsRefusedBeforeItIsParsed() {
        String huge = HEAD + "description: \"" + "x".repeat(1 << 20) + "\"\nsteps: []\n";
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.loadString(huge, "h.yaml", ReadLimits.defaults().withMaxBytes(1 << 20)));
        Diagnostic d = e.diagnostics().get(0);
        assertEquals(1, d.line());
        assertTrue(d.message().contains("the largest scenario read is 1048576 bytes (1 MiB) (set by iommuscope.scenario.maxBytes)"), d.toString());
    }

    @Test
    void aFileOverTheSetLimitIsRefusedBeforeItIsReadWithBothSizesAndHowToRaiseIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.yaml");
        Files.write(file, new byte[(4 << 20) + 1]);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, ReadLimits.defaults().withMaxBytes(4 << 20)));
        assertEquals(file + ":1:1: the file is 4194305 bytes; the largest scenario file read is 4194304 bytes (4 MiB)"
                + " (set by iommuscope.scenario.maxBytes, or check --max-file-size)", e.diagnostics().get(0).toString());
    }

    @Test
    void theDefaultLimitIsOneGibibyte() {
        assertEquals(1L << 30, new ReadLimits(ReadLimits.DEFAULT_MAX_BYTES, 0).maxBytes());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWhereTheyAre(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, (HEAD + "steps:\n  - say: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file));
        assertEquals(file + ":5:13: not UTF-8 text: byte 0xe9", e.diagnostics().get(0).toString());
    }

    @Test
    void aControlCharacterIsReportedWhereItIs() {
        Diagnostic d = refused(HEAD + "steps:\n  - say: a\u0001b\n");
        assertEquals(5, d.line());
        assertEquals(11, d.column());
    }

    @Test
    void aFileWithThousandsOfMistakesStopsAfterTwoHundred() {
        Diagnostic d = refused(HEAD + "steps:\n" + "  - bnid: {device: d}\n".repeat(10_000));
        assertEquals("too many problems; stopped reading here", d.message());
    }

    @Test
    void aRecursiveAliasIsRefusedNotFollowed() {
        Diagnostic d = refused(HEAD + "steps: &s [*s]\n");
        assertTrue(d.line() >= 4, d.toString());
    }

    @Test
    void aVeryLongUndefinedHandleGetsNoSuggestionAndNoHang() {
        String name = "h".repeat(200_000);
        Diagnostic d = refused(HEAD + "steps:\n  - ioas_alloc: {as: " + name + "}\n  - destroy: {id: " + name + "x}\n");
        assertTrue(d.message().startsWith("undefined handle 'hhhh"), d.toString());
    }
}
