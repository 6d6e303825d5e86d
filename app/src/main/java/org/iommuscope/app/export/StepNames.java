package org.iommuscope.app.export;

import java.text.Normalizer;
import java.util.Locale;
import org.iommuscope.app.timeline.Frame;

/** How a step is named in pictures and on disk: "Step 7 · attach … → ok" and `007-attach-idev2-hwpt1`. */
public final class StepNames {
    private static final int SLUG_MAX = 48;
    /** The caption bar's height in lines, in the window and in pictures; longer text is elided. */
    public static final int MAX_CAPTION_LINES = 3;

    private StepNames() {
    }

    /** The caption bar's first line, as the window shows it. */
    public static String heading(Frame f) {
        return f.number() == 0 ? "Step 0" : "Step " + f.number() + " · " + f.op() + " → " + f.outcome();
    }

    /** A file name stem: the zero-padded step number, then the op as a filesystem-safe slug. */
    public static String fileStem(Frame f) {
        String slug = f.number() == 0 ? "boot" : slug(f.op());
        return String.format(Locale.ROOT, "%03d", f.number()) + (slug.isEmpty() ? "" : "-" + slug);
    }

    /** Lower-case ASCII letters, digits and single dashes; at most SLUG_MAX characters, cut at a dash. */
    static String slug(String text) {
        String ascii = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD).replaceAll("[^\\p{ASCII}]", " ");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > SLUG_MAX) {
            int cut = s.lastIndexOf('-', SLUG_MAX);
            s = s.substring(0, cut > 8 ? cut : SLUG_MAX);
        }
        return s;
    }
}
