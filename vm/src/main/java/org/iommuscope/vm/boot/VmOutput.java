package org.iommuscope.vm.boot;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iommuscope.vm.runner.RunnerLine;

/**
 * What the VM's /init reported on its data port (see {@link InitScript}): the kernel release, the uptime when
 * /init started, the sysfs capture, and per scenario the driver lines, the runner's result lines and the guest
 * time the steps took.
 */
public record VmOutput(String release, double initUptime, byte[] capture, List<Scenario> scenarios, boolean done) {

    /** One scenario's part. */
    public record Scenario(List<String> drivers, List<RunnerLine> lines, List<String> other, double guestSeconds, Integer rc) {
        public Scenario {
            drivers = List.copyOf(drivers);
            lines = List.copyOf(lines);
            other = List.copyOf(other);
        }

        /** The runner's line for a step, if it printed one. */
        public Optional<RunnerLine> line(int step) {
            return lines.stream().filter(l -> l.step() == step).findFirst();
        }
    }

    private static final Pattern BOOT = Pattern.compile("=== boot uptime=([0-9.]+) release=(\\S+)");
    private static final Pattern STEPS = Pattern.compile("=== steps (\\d+) uptime=([0-9.]+)");
    private static final Pattern END = Pattern.compile("=== end (\\d+) rc=(\\d+) uptime=([0-9.]+)");

    public VmOutput {
        scenarios = List.copyOf(scenarios);
    }

    public static VmOutput parse(String text) {
        String release = null;
        double init = Double.NaN;
        StringBuilder b64 = null;
        byte[] capture = null;
        boolean done = false;
        List<Scenario> scenarios = new ArrayList<>();
        List<String> drivers = null;
        List<RunnerLine> lines = null;
        List<String> other = null;
        double start = Double.NaN;
        String section = "";
        for (String raw : text.split("\n")) {
            String l = raw.replace("\r", "");
            Matcher m;
            if ((m = BOOT.matcher(l)).matches()) {
                init = Double.parseDouble(m.group(1));
                release = m.group(2);
            } else if (l.startsWith("=== drivers ")) {
                drivers = new ArrayList<>();
                lines = new ArrayList<>();
                other = new ArrayList<>();
                section = "drivers";
            } else if (l.equals("=== capture")) {
                b64 = new StringBuilder();
                section = "capture";
            } else if (l.equals("=== capture-end")) {
                try {
                    capture = Base64.getMimeDecoder().decode(b64.toString());
                } catch (IllegalArgumentException e) {
                    capture = null;
                }
                section = "";
            } else if ((m = STEPS.matcher(l)).matches()) {
                start = Double.parseDouble(m.group(2));
                section = "steps";
                if (lines == null) {
                    drivers = new ArrayList<>();
                    lines = new ArrayList<>();
                    other = new ArrayList<>();
                }
            } else if ((m = END.matcher(l)).matches() && lines != null) {
                scenarios.add(new Scenario(drivers, lines, other, Double.parseDouble(m.group(3)) - start, Integer.parseInt(m.group(2))));
                drivers = null;
                lines = null;
                section = "";
            } else if (l.equals("=== done")) {
                done = true;
            } else if (section.equals("capture")) {
                b64.append(l.strip());
            } else if (section.equals("drivers")) {
                drivers.add(l);
            } else if (section.equals("steps")) {
                Optional<RunnerLine> r = RunnerLine.parse(l);
                if (r.isPresent()) {
                    lines.add(r.get());
                } else if (!l.isBlank()) {
                    other.add(l);
                }
            }
        }
        if (lines != null) {
            // the VM stopped inside a scenario: keep what it said
            scenarios.add(new Scenario(drivers, lines, other, Double.NaN, null));
        }
        return new VmOutput(release, init, capture, scenarios, done);
    }
}
