package org.iommuscope.vm.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One result line of the runner: {@code STEP ok k=v...}, {@code STEP err ERRNO [k=v...] [via=runner]},
 * {@code STEP fault k=v...} or {@code STEP skip REASON}.
 *
 * @param errno     the errno's name for {@link Outcome#ERR}, else null
 * @param outputs   key → value as printed (IDs decimal, numbers 0x hex, ranges "a-b,c-d")
 * @param viaRunner the errno came from the runner before any ioctl (no VFIO cdev for the device)
 * @param reason    why the runner skipped the step, for {@link Outcome#SKIP}
 */
public record RunnerLine(int step, Outcome outcome, String errno, Map<String, String> outputs, boolean viaRunner,
                         String reason) {

    public enum Outcome { OK, ERR, FAULT, SKIP }

    private static final Pattern LINE = Pattern.compile("(\\d+) (ok|err|fault|skip)(?: (.*))?");

    public RunnerLine {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** The line parsed; empty for anything else (a stray console line). */
    public static Optional<RunnerLine> parse(String text) {
        Matcher m = LINE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int step = Integer.parseInt(m.group(1));
        String rest = m.group(3) == null ? "" : m.group(3);
        return switch (m.group(2)) {
            case "skip" -> Optional.of(new RunnerLine(step, Outcome.SKIP, null, Map.of(), false, rest));
            case "err" -> {
                String[] words = rest.split(" ", 2);
                Map<String, String> out = pairs(words.length > 1 ? words[1] : "");
                boolean via = "runner".equals(out.remove("via"));
                yield Optional.of(new RunnerLine(step, Outcome.ERR, words[0], out, via, null));
            }
            case "fault" -> Optional.of(new RunnerLine(step, Outcome.FAULT, null, pairs(rest), false, null));
            default -> Optional.of(new RunnerLine(step, Outcome.OK, null, pairs(rest), false, null));
        };
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : text.strip().split(" +")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                out.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return out;
    }

    /** "ok", the errno's name, "fault", or "skip". */
    public String outcomeText() {
        return switch (outcome) {
            case OK -> "ok";
            case ERR -> errno;
            case FAULT -> "fault";
            case SKIP -> "skip";
        };
    }
}
