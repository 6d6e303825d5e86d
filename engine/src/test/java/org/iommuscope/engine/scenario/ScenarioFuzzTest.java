package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutated selftest files (lines deleted, duplicated or swapped, numbers and keys changed, truncation, random
 * characters) either load and run, or are refused with positioned diagnostics: never any other exception.
 */
class ScenarioFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioFuzzTest.class);
    private static final long SEED = Long.getLong("iommuscope.fuzz.seed", 0x10_3355_c09eL);
    private static final int MUTATIONS = Integer.getInteger("iommuscope.fuzz.mutations", 12_000);
    private static final Pattern NUMBER = Pattern.compile("\\b(0x[0-9a-fA-F]+|[0-9]+[KMGT]?)\\b");
    private static final Pattern KEY = Pattern.compile("([a-z_]+):");
    private static final String[] NUMBERS = {"0", "1", "0xffffffffffffffff", "18446744073709551615", "18446744073709551616",
        "0x8000000000000000", "4K", "2M", "1G", "1T", "0x7fffffff", "2147483648", "-1", "0x", "99999999999999999999", "0xfff",
        "3", "2047", "16777216T"};
    private static final String[] WORDS = {"bind", "unbind", "attach", "replace", "detach", "destroy", "dma", "ioas_map",
        "ioas_unmap", "ioas_copy", "hwpt_alloc", "as", "expect", "say", "check", "dev", "pt", "ioas", "iova", "length", "all",
        "users", "gone", "exists", "areas", "recorded", "attached", "group_domain", "diverged", "implicit", "errno", "ranges",
        "max", "flags", "perm", "access", "device", "id", "devices", "groups", "iommus", "aperture", "page_sizes", "caps",
        "reserved", "kernel", "steps", "topology", "scenario", "&a", "*a", "<<", "!!str", "~", "null", "true", "[]", "{}", "- "};

    @Test
    void mutatedScenarioFilesLoadAndRunOrAreRefusedWithPositions() throws IOException {
        List<String> corpus = new ArrayList<>();
        List<Path> files = new ArrayList<>(ScenarioFiles.selftests());
        if (Boolean.getBoolean("iommuscope.fuzz.demos")) {
            files.addAll(ScenarioFiles.demos());
        }
        for (Path p : files) {
            corpus.add(Files.readString(p));
        }
        Random random = new Random(SEED);
        int ran = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < MUTATIONS; i++) {
            String original = corpus.get(random.nextInt(corpus.size()));
            String mutated = original;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutated = mutate(mutated, random);
            }
            try {
                Scenario s = ScenarioLoader.loadString(mutated, "fuzz.yaml");
                ScenarioRun run = ScenarioRunner.run(s);
                assertEquals(s.steps().size(), run.outcomes().size());
                for (StepOutcome o : run.outcomes()) {
                    assertTrue(o.problems().stream().noneMatch(p -> p.startsWith("engine error") || p.startsWith("invariant:")),
                            () -> "the engine failed on a mutation: " + o.problems() + "\n" + o.text());
                }
                ran++;
            } catch (ScenarioException e) {
                assertTrue(!e.diagnostics().isEmpty(), "a refusal names at least one problem");
                for (Diagnostic d : e.diagnostics()) {
                    assertTrue(d.line() >= 1 && d.column() >= 1, () -> "unpositioned: " + d);
                }
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " threw " + e + "\n---\n" + mutated, e);
            }
        }
        LOG.info("{} mutations: {} ran, {} refused, in {} ms", MUTATIONS, ran, refused, (System.nanoTime() - start) / 1_000_000);
        assertTrue(ran > MUTATIONS / 20, "mutations should often stay valid: " + ran + " ran");
        assertTrue(refused > MUTATIONS / 20, "mutations should often be refused: " + refused + " refused");
    }

    static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(10)) {
            case 0:
                lines.remove(at);
                break;
            case 1:
                lines.add(at, lines.get(random.nextInt(lines.size())));
                break;
            case 2: {
                int other = random.nextInt(lines.size());
                String l = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, l);
                break;
            }
            case 3:
                lines.set(at, replaceOne(lines.get(at), NUMBER, NUMBERS[random.nextInt(NUMBERS.length)], random));
                break;
            case 4:
                lines.set(at, replaceOne(lines.get(at), KEY, WORDS[random.nextInt(WORDS.length)] + ":", random));
                break;
            case 5:
                return text.substring(0, random.nextInt(text.length() + 1));
            case 6: {
                StringBuilder l = new StringBuilder(lines.get(at));
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    l.insert(random.nextInt(l.length() + 1), (char) randomChar(random));
                }
                lines.set(at, l.toString());
                break;
            }
            case 7: {
                String l = lines.get(at);
                if (!l.isEmpty()) {
                    int from = random.nextInt(l.length());
                    lines.set(at, l.substring(0, from) + l.substring(Math.min(l.length(), from + 1 + random.nextInt(8))));
                }
                break;
            }
            case 8: {
                String l = lines.get(at);
                int col = random.nextInt(l.length() + 1);
                lines.set(at, l.substring(0, col) + WORDS[random.nextInt(WORDS.length)] + l.substring(col));
                break;
            }
            default:
                // re-indent: YAML's structure is its indentation
                lines.set(at, (random.nextBoolean() ? "  " : "") + lines.get(at).replaceFirst("^  ", random.nextBoolean() ? "" : "   "));
                break;
        }
        return String.join("\n", lines);
    }

    private static String replaceOne(String line, Pattern p, String replacement, Random random) {
        Matcher m = p.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return line;
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        return line.substring(0, s[0]) + replacement + line.substring(s[1]);
    }

    private static int randomChar(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(0x20);
            case 1:
                return "{}[]:,&*!|>'\"#%@`-?".charAt(random.nextInt(19));
            case 2:
                return 0x80 + random.nextInt(0x3000);
            default:
                return 0x20 + random.nextInt(0x5f);
        }
    }
}
