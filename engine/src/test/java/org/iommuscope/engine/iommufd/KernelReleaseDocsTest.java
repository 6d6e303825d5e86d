package org.iommuscope.engine.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.iommuscope.engine.iommufd.KernelRelease.Ioctl;
import org.iommuscope.engine.iommufd.KernelRelease.Rule;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-rules.md §11 ("Which releases have each rule") says what {@link KernelRelease} does: a row per rule
 * and per ioctl, with a ✓ under exactly the profiles that have it.
 */
class KernelReleaseDocsTest {
    private static final Path DOC = Path.of("../docs/kernel-rules.md");

    @Test
    void theRuleTableHasARowPerRuleWithItsProfiles() throws IOException {
        Map<String, Set<Profile>> rows = table("### 11.2");
        Map<String, Set<Profile>> expected = new TreeMap<>();
        for (Rule r : Rule.values()) {
            expected.put(r.name(), r.profiles().isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(r.profiles()));
        }
        assertEquals(expected, new TreeMap<>(rows));
    }

    @Test
    void theIoctlTableHasEveryIoctlWithItsProfiles() throws IOException {
        Map<String, Set<Profile>> expected = new TreeMap<>();
        for (Ioctl i : Ioctl.values()) {
            Set<Profile> has = EnumSet.noneOf(Profile.class);
            for (Profile p : Profile.values()) {
                if (KernelRelease.of(p).has(i)) {
                    has.add(p);
                }
            }
            expected.put(i.name(), has);
        }
        // a row may name several ioctls that share their releases
        Map<String, Set<Profile>> rows = new TreeMap<>();
        table("### 11.1").forEach((names, profiles) -> Arrays.stream(names.split(",\\s*")).forEach(n -> rows.put(n, profiles)));
        assertEquals(expected, rows);
    }

    /** The first markdown table under the heading: first cell → the profiles whose column holds a ✓. */
    private static Map<String, Set<Profile>> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(heading)) {
            at++;
        }
        assertTrue(at < lines.size(), DOC + " has no section " + heading);
        List<String> rows = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            if (lines.get(i).startsWith("|")) {
                rows.add(lines.get(i));
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        List<String> header = cells(rows.get(0));
        Map<Integer, Profile> columns = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            Profile p = Profile.byKey(header.get(c));
            if (p != null) {
                columns.put(c, p);
            }
        }
        assertEquals(Profile.values().length, columns.size(), "a column per profile in " + header);
        Map<String, Set<Profile>> out = new LinkedHashMap<>();
        for (String row : rows.subList(2, rows.size())) {
            List<String> cells = cells(row);
            Set<Profile> has = EnumSet.noneOf(Profile.class);
            columns.forEach((c, p) -> {
                if (cells.get(c).equals("✓")) {
                    has.add(p);
                }
            });
            out.put(cells.get(0), has);
        }
        return out;
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.lastIndexOf('|'));
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }
}
