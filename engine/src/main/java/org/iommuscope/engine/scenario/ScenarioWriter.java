package org.iommuscope.engine.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;

/**
 * Writes a scenario back as a file of the format (a recorded what-if session is saved this way). Every
 * default is written out, so the file reads the same whatever the defaults become; numbers keep the
 * spelling they were written with.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {
    }

    public static void write(Scenario scenario, Path file) throws IOException {
        Files.writeString(file, write(scenario), StandardCharsets.UTF_8);
    }

    public static String write(Scenario s) {
        StringBuilder out = new StringBuilder();
        out.append("scenario: ").append(YamlText.scalar(s.title())).append('\n');
        if (!s.description().isEmpty()) {
            out.append("description: ").append(YamlText.text(s.description(), "  ", 100)).append('\n');
        }
        out.append("kernel: ").append(s.profile().key()).append('\n');
        out.append("topology:\n");
        out.append("  page_size: ").append(NumberSyntax.formatSize(s.topology().pageSize())).append('\n');
        out.append("  iommus:\n");
        for (Iommu i : s.topology().iommus()) {
            iommu(out, i);
        }
        if (s.topology().groups().isEmpty()) {
            out.append("  groups: []\n");
        } else {
            out.append("  groups:\n");
            for (GroupSpec g : s.topology().groups()) {
                group(out, g);
            }
        }
        if (s.steps().isEmpty()) {
            out.append("steps: []\n");
        } else {
            out.append("steps:\n");
            for (ScenarioStep step : s.steps()) {
                step(out, step);
            }
        }
        return out.toString();
    }

    private static void iommu(StringBuilder out, Iommu i) {
        out.append("    - name: ").append(YamlText.scalar(i.name())).append('\n');
        List<String> sizes = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((i.pgsizeBitmap() & (1L << bit)) != 0) {
                sizes.add(NumberSyntax.formatSize(1L << bit));
            }
        }
        out.append("      page_sizes: [").append(String.join(", ", sizes)).append("]\n");
        out.append("      aperture: [").append(YamlText.hex(i.apertureStart())).append(", ").append(YamlText.hex(i.apertureLast())).append("]\n");
        if (!i.caps().isEmpty()) {
            out.append("      caps: ").append(words(i.caps(), IommuCap::ordinal, IommuCap::yamlName)).append('\n');
        }
    }

    private static void group(StringBuilder out, GroupSpec g) {
        out.append("    - id: ").append(g.id()).append('\n');
        out.append("      iommu: ").append(YamlText.scalar(g.iommu())).append('\n');
        if (g.defaultDomainType() == DomainType.IDENTITY) {
            out.append("      type: identity\n");
        }
        out.append("      devices:\n");
        for (PciDevice d : g.devices()) {
            out.append("        - name: ").append(YamlText.quoted(d.name())).append('\n');
            out.append("          driver: ").append(YamlText.scalar(d.driver())).append('\n');
            if (d.driverManagedDma() != PciDevice.VFIO_PCI.equals(d.driver())) {
                out.append("          driver_managed_dma: ").append(d.driverManagedDma()).append('\n');
            }
            if (!d.reserved().isEmpty()) {
                List<String> regions = new ArrayList<>();
                for (ReservedRegion r : d.reserved()) {
                    regions.add("{start: " + YamlText.hex(r.start()) + ", last: " + YamlText.hex(r.last()) + ", type: " + r.type().yamlName() + "}");
                }
                out.append("          reserved: [").append(String.join(", ", regions)).append("]\n");
            }
            if (d.pasidWidth() > 0) {
                out.append("          pasid: ").append(d.pasidWidth()).append('\n');
            }
            if (!d.quirks().isEmpty()) {
                out.append("          caps: ").append(words(d.quirks(), DeviceQuirk::ordinal, DeviceQuirk::yamlName)).append('\n');
            }
        }
    }

    private static void step(StringBuilder out, ScenarioStep step) {
        String lead = "  - ";
        if (step.isOp()) {
            out.append(lead).append(step.op().text(step.as())).append('\n');
            lead = "    ";
            if (step.expect() != null) {
                out.append(lead).append("expect: ").append(step.expect().yaml()).append('\n');
            }
        } else if (step.isCheck()) {
            List<String> lines = check(step.check());
            out.append(lead).append(lines.isEmpty() ? "check: {}\n" : "check:\n");
            lead = "    ";
            for (String line : lines) {
                out.append("      ").append(line).append('\n');
            }
        }
        if (step.say() != null) {
            out.append(lead).append("say: ").append(YamlText.text(step.say(), "      ", 100)).append('\n');
        }
    }

    /** A check in one line: "{group_domain: {26: hwpt2}, users: {hwpt1: 2}}". */
    static String checkText(CheckSpec c) {
        return "{" + String.join(", ", check(c)) + "}";
    }

    private static List<String> check(CheckSpec c) {
        List<String> lines = new ArrayList<>();
        if (c.groupDomain() != null) {
            lines.add("group_domain: " + flow(c.groupDomain(), String::valueOf, CheckSpec.DomainTarget::toString));
        }
        if (c.diverged() != null) {
            lines.add("diverged: " + refs(c.diverged()));
        }
        if (c.implicit() != null) {
            lines.add("implicit: " + refs(c.implicit()));
        }
        if (c.recorded() != null) {
            lines.add("recorded: " + flow(c.recorded(), Ref::toString, v -> v.map(Ref::toString).orElse("none")));
        }
        if (c.attached() != null) {
            lines.add("attached: " + flow(c.attached(), Ref::toString, ScenarioWriter::refs));
        }
        if (c.users() != null) {
            lines.add("users: " + flow(c.users(), Ref::toString, Long::toUnsignedString));
        }
        if (c.exists() != null) {
            lines.add("exists: " + refs(c.exists()));
        }
        if (c.gone() != null) {
            lines.add("gone: " + refs(c.gone()));
        }
        if (c.areas() != null) {
            lines.add("areas: " + flow(c.areas(), Ref::toString, YamlText::ranges));
        }
        if (c.pasids() != null) {
            lines.add("pasids: " + flow(c.pasids(), Ref::toString, t -> flow(t, Long::toUnsignedString, Ref::toString)));
        }
        if (c.dirty() != null) {
            lines.add("dirty: " + flow(c.dirty(), Ref::toString, YamlText::ranges));
        }
        if (c.faults() != null) {
            lines.add("faults: " + flow(c.faults(), Ref::toString, Long::toUnsignedString));
        }
        if (c.vdevices() != null) {
            lines.add("vdevices: " + flow(c.vdevices(), Ref::toString, t -> flow(t, NumberSyntax::format, Ref::toString)));
        }
        if (c.tombstoned() != null) {
            lines.add("tombstoned: " + refs(c.tombstoned()));
        }
        if (c.vevents() != null) {
            lines.add("vevents: " + flow(c.vevents(), Ref::toString, Long::toUnsignedString));
        }
        return lines;
    }

    private static <K, V> String flow(Map<K, V> m, Function<K, String> key, Function<V, String> value) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(key.apply(k) + ": " + value.apply(v)));
        return "{" + String.join(", ", parts) + "}";
    }

    private static String refs(List<Ref> refs) {
        return "[" + String.join(", ", refs.stream().map(Ref::toString).toList()) + "]";
    }

    private static <E> String words(Set<E> set, ToIntFunction<E> order, Function<E, String> name) {
        return "[" + String.join(", ", set.stream().sorted(Comparator.comparingInt(order)).map(name).toList()) + "]";
    }
}
