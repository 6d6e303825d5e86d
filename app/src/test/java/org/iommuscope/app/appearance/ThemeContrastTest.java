package org.iommuscope.app.appearance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every theme's text colours against the backgrounds they are drawn on: WCAG AA (4.5:1) at least. */
class ThemeContrastTest {
    /** text colour, background colour: the pairs the stylesheets put together. */
    private static final List<String[]> PAIRS = List.of(
            new String[] {"-scope-ink", "-scope-bg"}, new String[] {"-scope-muted", "-scope-bg"},
            new String[] {"-scope-ink", "-scope-device"}, new String[] {"-scope-ink", "-scope-idev"},
            new String[] {"-scope-ink", "-scope-hwpt"}, new String[] {"-scope-ink", "-scope-nested"},
            new String[] {"-scope-ink", "-scope-ioas"}, new String[] {"-scope-ink", "-scope-core"},
            new String[] {"-scope-muted", "-scope-idev"}, new String[] {"-scope-muted", "-scope-hwpt"},
            new String[] {"-scope-caption-ink", "-scope-caption-bg"}, new String[] {"-scope-caption-muted", "-scope-caption-bg"},
            new String[] {"-scope-accent", "-scope-bg"}, new String[] {"-scope-diverged", "-scope-bg"},
            new String[] {"-scope-ink", "-scope-viommu"}, new String[] {"-scope-ink", "-scope-vdevice"},
            new String[] {"-scope-ink", "-scope-fault"}, new String[] {"-scope-ink", "-scope-queue"},
            new String[] {"-scope-muted", "-scope-viommu"}, new String[] {"-scope-muted", "-scope-fault"},
            new String[] {"-scope-pasid", "-scope-bg"}, new String[] {"-scope-rmrr", "-scope-bg"});

    private static Map<String, String> rootColours(String sheet) throws Exception {
        String css = Files.readString(Path.of("assets", sheet));
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(-scope-[a-z-]+):\\s*(#[0-9a-fA-F]{6}|white|black);").matcher(css.substring(0, css.indexOf('}')));
        while (m.find()) {
            out.put(m.group(1), m.group(2).equals("white") ? "#ffffff" : m.group(2).equals("black") ? "#000000" : m.group(2));
        }
        return out;
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    static double contrast(String a, String b) {
        double x = luminance(a);
        double y = luminance(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    }

    private static void assertReadable(String sheet, double minimum) throws Exception {
        Map<String, String> base = rootColours("iommuscope.css");
        Map<String, String> theme = new HashMap<>(base);
        if (!sheet.equals("iommuscope.css")) {
            theme.putAll(rootColours(sheet));
        }
        for (String[] p : PAIRS) {
            double c = contrast(theme.get(p[0]), theme.get(p[1]));
            assertTrue(c >= minimum, sheet + ": " + p[0] + " on " + p[1] + " is " + String.format("%.2f", c) + ":1");
        }
    }

    @Test
    void highContrastMeetsAaEverywhere() throws Exception {
        assertReadable("theme-high-contrast.css", 4.5);
    }

    @Test
    void darkMeetsAa() throws Exception {
        assertReadable("theme-dark.css", 4.5);
    }

    @Test
    void theBlackAndWhiteOfHighContrastAreReallyBlackAndWhite() throws Exception {
        Map<String, String> hc = rootColours("theme-high-contrast.css");
        assertTrue(contrast(hc.get("-scope-ink"), hc.get("-scope-bg")) > 20);
    }
}
