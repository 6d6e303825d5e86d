package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An op's arguments are held compactly (a long trace holds one op per step), and read as they did: the same
 * entries in the file's order, the same spelling of each number, the same text; a step's text is its outcome's.
 */
class CompactOpSpecTest {
    @TempDir
    Path dir;

    private static Map<String, Arg> written(Object... keysAndValues) {
        Map<String, Arg> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (Arg) keysAndValues[i + 1]);
        }
        return m;
    }

    /** The text as the op wrote it before: from a map in file order, each value's YAML. */
    private static String textOf(String name, Map<String, Arg> args, String as) {
        List<String> parts = new ArrayList<>();
        args.forEach((k, v) -> parts.add(k + ": " + v.yaml()));
        if (as != null) {
            parts.add("as: " + as);
        }
        return name + ": {" + String.join(", ", parts) + "}";
    }

    @Test
    void theArgumentsReadAsTheMapTheyWereGivenAndCannotBeChanged() {
        Map<String, Arg> given = written("ioas", new Arg.Obj(Ref.handle("ioas1")), "iova", new Arg.Num(0x100000000L, "0x100000000"),
                "length", new Arg.Num(4096, "4K"), "user_va", new Arg.Num(0x7f0000000000L, "0x7F0000000000"));
        OpSpec op = new OpSpec("ioas_map", given);
        assertEquals(given, op.args());
        assertEquals(op.args(), given);
        assertEquals(given.hashCode(), op.args().hashCode());
        assertEquals(List.copyOf(given.keySet()), List.copyOf(op.args().keySet()), "the file's order");
        assertEquals(List.copyOf(given.values()), List.copyOf(op.args().values()));
        assertEquals("4K", op.arg("length").yaml());
        assertNull(op.arg("prot"));
        assertFalse(op.args().containsKey("prot"));
        assertEquals("ioas_map: {ioas: ioas1, iova: 0x100000000, length: 4K, user_va: 0x7F0000000000, as: m1}", op.text("m1"));
        assertEquals(textOf("ioas_map", given, null), op.text(null));
        assertThrows(UnsupportedOperationException.class, () -> op.args().put("prot", new Arg.Word("r")));
        assertThrows(UnsupportedOperationException.class, () -> op.args().entrySet().iterator().next().setValue(null));
        given.remove("iova");
        assertEquals(4, op.args().size(), "a copy: changing the map given changes nothing");
        assertEquals(new OpSpec("ioas_map", op.args()), op);
        assertNotEquals(new OpSpec("ioas_map", given), op);
        assertEquals(Map.of(), new OpSpec("ioas_alloc", Map.of()).args());
    }

    @Test
    void aNumberKeepsItsSpellingWhateverItIs() {
        String[] spellings = {"0", "7", "4095", "4096", "0x1000", "0X1000", "4K", "4k", "0x0", "1M", "1024K", "2097152",
            "0x00001000", "0xffffffffffffffff", "1T", "0x7f0000000000"};
        for (String s : spellings) {
            long v;
            try {
                v = NumberSyntax.parse(s);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Arg.Num n = new Arg.Num(v, s);
            assertEquals(s, n.written(), s);
            assertEquals(s, n.yaml(), s);
            assertEquals(v, n.value(), s);
            assertEquals(new Arg.Num(v, s), n, s);
            assertEquals(new Arg.Num(v, s).hashCode(), n.hashCode(), s);
            assertEquals("Num[value=" + v + ", written=" + s + "]", n.toString());
        }
        assertNotEquals(new Arg.Num(4096, "4K"), new Arg.Num(4096, "0x1000"), "the same value written two ways");
        assertNotEquals(new Arg.Num(4096, "4K"), new Arg.Num(8192, "4K"));
        assertEquals("0x1000", Arg.Num.of(4096).written());
        assertNull(new Arg.Num(5, null).written());
        assertEquals(new Arg.Num(5, null), new Arg.Num(5, null));
    }

    /** What a number keeps: the file's spelling only when the format would not spell it so again. */
    @Test
    void aNumberSpelledAsTheFormatWouldKeepsNoTextOfItsOwn() throws Exception {
        Field spelling = Arg.Num.class.getDeclaredField("spelling");
        spelling.setAccessible(true);
        Object hex = spelling.get(new Arg.Num(0x100000000L, "0x100000000"));
        Object size = spelling.get(new Arg.Num(4096, "4K"));
        assertSame(hex, spelling.get(new Arg.Num(0x200000000L, "0x200000000")), "one marker for every number in hex");
        assertSame(size, spelling.get(new Arg.Num(2 << 20, "2M")), "one marker for every size");
        assertEquals("0X1000", spelling.get(new Arg.Num(4096, "0X1000")), "a spelling of its own is kept");
    }

    @Test
    void theOpsOfAFileShareTheirKeysHandlesAndRepeatedNumbers() throws Exception {
        Path file = dir.resolve("t.yaml");
        StringBuilder sb = new StringBuilder("""
                scenario: shared keys
                kernel: v6.15
                topology:
                  iommus:
                    - {name: dmar0, page_sizes: [4K, 2M, 1G], aperture: [0, 0xffffffffffff]}
                  groups:
                    - id: 11
                      devices: [{name: "0000:3b:00.0"}]
                steps:
                  - bind: {device: "0000:3b:00.0", as: idev1}
                  - ioas_alloc: {as: ioas1}
                """);
        for (int i = 0; i < 20; i++) {
            sb.append("  - ioas_map: {ioas: ioas1, iova: 0x").append(Long.toHexString(0x100000000L + i * 0x1000L))
                    .append(", length: 4K, user_va: 0x").append(Long.toHexString(0x7f0000000000L + i * 0x1000L)).append("}\n");
        }
        Files.writeString(file, sb);
        List<OpSpec> maps = new ArrayList<>();
        try (ScenarioStream s = ScenarioStream.open(file, ReadLimits.defaults())) {
            for (ScenarioStep step; (step = s.next()) != null; ) {
                if (step.op().name().equals("ioas_map")) {
                    maps.add(step.op());
                }
            }
        }
        assertEquals(20, maps.size());
        Field keys = ArgMap.class.getDeclaredField("keys");
        keys.setAccessible(true);
        for (OpSpec m : maps) {
            assertSame(keys.get(maps.get(0).args()), keys.get(m.args()), "one key array for the ops that write the same keys");
            assertSame(maps.get(0).arg("ioas"), m.arg("ioas"), "one argument for the handle every op names");
            assertSame(maps.get(0).arg("length"), m.arg("length"), "one number for the length every op repeats");
        }
        assertEquals("ioas_map: {ioas: ioas1, iova: 0x100013000, length: 4K, user_va: 0x7f0000013000}", maps.get(19).text(null));
    }

    /** ScenarioStep.text is what the run's outcome says of the step, for every step of every demo and selftest. */
    @Test
    void aStepsTextIsItsOutcomesText() throws Exception {
        int steps = 0;
        for (Path file : Stream.concat(ScenarioFiles.demos().stream(), ScenarioFiles.selftests().stream()).toList()) {
            ScenarioRun run = ScenarioRunner.run(ScenarioLoader.load(file));
            for (StepOutcome o : run.outcomes()) {
                assertEquals(o.text(), o.step().text(), file + ":" + o.line());
                steps++;
            }
        }
        assertTrue(steps > 500, "steps compared: " + steps);
    }
}
