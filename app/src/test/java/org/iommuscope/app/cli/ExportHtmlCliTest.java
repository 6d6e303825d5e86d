package org.iommuscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `export --html`: one self-contained page, small, that no caption text can break out of. */
class ExportHtmlCliTest {
    private static final Path SEED = Path.of("scenarios", "seed-thread.yaml");

    @Test
    void theSeedsPageIsOneSmallFileThatReferencesNothingOutsideIt(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("seed.html");
        CliRun r = CliRun.inChildJvmWithoutJavaFx("export", SEED.toString(), "--html", page.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("wrote " + page + ": 26 steps (0 to 25)"), r.err());
        long size = Files.size(page);
        assertTrue(size < 1_000_000, "the seed's page stays under 1 MB: " + size + " bytes");
        String html = Files.readString(page);
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), "the page may load nothing");
        assertFalse(Pattern.compile("\\s(src|href)\\s*=\\s*[\"']", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no element names another resource");
        String withoutNamespace = html.replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutNamespace.contains("http://") || withoutNamespace.contains("https://"), "no address but the SVG namespace");
        assertEquals(2, html.split("<script", -1).length - 1, "the data and the player, both inline");
    }

    @Test
    void aCaptionThatLooksLikeMarkupStaysText(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("tricky.yaml");
        Files.writeString(scenario, """
                scenario: "A <b>title</b> & more"
                topology:
                  iommus: [{name: dmar0}]
                  groups:
                    - id: 1
                      devices: [{name: "0000:00:01.0"}]
                steps:
                  - say: "</script><script>document.title='owned'</script> <!-- & -->"
                  - bind: {device: "0000:00:01.0", as: d}
                """);
        Path page = dir.resolve("tricky.html");
        CliRun r = CliRun.of("export", scenario.toString(), "--html", page.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String html = Files.readString(page);
        assertEquals(2, html.split("</script>", -1).length - 1, "only the page's own two scripts end: the caption cannot close one");
        assertFalse(html.contains("<!-- &"), "nor open a comment");
        assertTrue(html.contains("<title>A &lt;b&gt;title&lt;/b&gt; &amp; more — iommuscope</title>"), "the title is escaped");
    }

    @Test
    void profilesGoWithHtmlAndAreTwo(@TempDir Path dir) {
        Path page = dir.resolve("p.html");
        CliRun one = CliRun.of("export", SEED.toString(), "--html", page.toString(), "--profiles", "v2-patch");
        assertEquals(2, one.code());
        assertTrue(one.err().contains("--profiles takes exactly two profiles"), one.err());
        CliRun alone = CliRun.of("export", SEED.toString(), "--graphml", dir.resolve("g.graphml").toString(), "--profiles", "v2-patch,v6.15");
        assertEquals(2, alone.code());
        CliRun unknown = CliRun.of("export", SEED.toString(), "--html", page.toString(), "--profiles", "v2-patch,v7");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown profile 'v7'"), unknown.err());
        assertFalse(Files.exists(page));
    }
}
