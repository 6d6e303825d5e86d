package org.iommuscope.app.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The `render` command line that draws what the window shows (lstopo prints its own): the same file,
 * profile, step and filter. The picture is the whole graph at its laid-out size, as `render` draws it.
 *
 * @param file         the scenario, written relative to the working directory when it lies inside it
 * @param profile      the profile the window runs the scenario under
 * @param step         the step on screen
 * @param divergentOnly whether the "divergent only" filter is on
 */
public record ViewCommand(Path file, String profile, int step, boolean divergentOnly) {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=+,@%-]+");

    /** `./iommuscope render FILE --out DIR --format png --step N --profile P [--scale S] [--divergent-only]`. */
    public String line(Path workingDirectory, Path out, String format, double scale) {
        List<String> args = new ArrayList<>(List.of("./iommuscope", "render", shown(file, workingDirectory), "--out", shown(out, workingDirectory),
                "--format", format, "--step", Integer.toString(step), "--profile", profile));
        if (scale != 1) {
            args.add("--scale");
            args.add(scale == Math.rint(scale) ? Long.toString((long) scale) : String.format(Locale.ROOT, "%s", scale));
        }
        if (divergentOnly) {
            args.add("--divergent-only");
        }
        return String.join(" ", args.stream().map(ViewCommand::quote).toList());
    }

    private static String shown(Path p, Path cwd) {
        Path abs = p.toAbsolutePath().normalize();
        Path base = cwd.toAbsolutePath().normalize();
        return abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs).toString() : abs.toString();
    }

    /** POSIX shell quoting: a word with anything but plain path characters goes in single quotes. */
    static String quote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
