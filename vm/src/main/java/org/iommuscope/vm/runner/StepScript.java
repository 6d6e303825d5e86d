package org.iommuscope.vm.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.iopt.IovaRange;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSignature;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.ScenarioStep;

/**
 * A scenario's ops in the runner's language (runner.c): one line per op step, {@code STEP [NAME=] OP ARG...},
 * where STEP is the step's number from 1, NAME the step's {@code as}, a handle {@code $NAME}, a raw ID a number,
 * and a device its VM BDF. Checks and captions have no line: nothing runs for them.
 */
public final class StepScript {
    /** The ops the runner has. */
    public static final Set<String> OPS = Set.of("bind", "unbind", "ioas_alloc", "ioas_map", "ioas_unmap", "ioas_copy",
            "ioas_allow_iovas", "ioas_iova_ranges", "hwpt_alloc", "attach", "replace", "detach", "destroy", "add_reserved", "dma");

    private StepScript() {
    }

    /** The script's text; {@code bdfs} maps the scenario's device names to the VM's. */
    public static String of(List<ScenarioStep> steps, Map<String, String> bdfs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            ScenarioStep s = steps.get(i);
            if (s.isOp()) {
                sb.append(line(i + 1, s, bdfs)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The script on the selftest mock iommu: first {@code 0 probe_test_cmd} (does the kernel have IOMMU_TEST_CMD?),
     * then each {@code bind} and the {@code attach} after it as one {@code mock_domain} line (the bind's step, its
     * handle, the attach's PT, the attach's step and handle or -), {@code replace} as {@code mock_replace},
     * {@code unbind} as {@code mock_unbind}, the rest as on VT-d. A device in {@code noDirty} (the quirk no_dirty) is
     * created with MOCK_FLAGS_DEVICE_NO_DIRTY. The pairing is what
     * {@link org.iommuscope.vm.layout.HostingCheck} has checked.
     */
    public static String ofMock(List<ScenarioStep> steps, Set<String> noDirty) {
        StringBuilder sb = new StringBuilder("0 probe_test_cmd\n");
        for (int i = 0; i < steps.size(); i++) {
            ScenarioStep s = steps.get(i);
            if (!s.isOp()) {
                continue;
            }
            OpSpec op = s.op();
            switch (op.name()) {
                case "bind" -> {
                    int j = i + 1;
                    while (j < steps.size() && !steps.get(j).isOp()) {
                        j++;
                    }
                    ScenarioStep attach = j < steps.size() ? steps.get(j) : null;
                    if (attach == null || !attach.op().name().equals("attach")) {
                        sb.append(i + 1).append(" skip-bind-without-attach\n");
                        continue;
                    }
                    sb.append(i + 1).append(' ').append(s.as() == null ? "" : s.as() + "= ").append("mock_domain ")
                            .append(ref(attach.op(), "pt")).append(' ').append(j + 1).append(' ')
                            .append(attach.as() == null ? "-" : attach.as())
                            .append(op.arg("device") instanceof Arg.Word w && noDirty.contains(w.value()) ? " no_dirty" : "").append('\n');
                    i = j;
                }
                case "replace" -> sb.append(i + 1).append(' ').append(s.as() == null ? "" : s.as() + "= ").append("mock_replace ")
                        .append(ref(op, "dev")).append(' ').append(ref(op, "pt")).append('\n');
                case "unbind" -> sb.append(i + 1).append(" mock_unbind ").append(ref(op, "dev")).append('\n');
                default -> sb.append(line(i + 1, s, Map.of())).append('\n');
            }
        }
        return sb.toString();
    }

    /** One op's line. */
    public static String line(int step, ScenarioStep s, Map<String, String> bdfs) {
        OpSpec op = s.op();
        List<String> t = new ArrayList<>();
        t.add(Integer.toString(step));
        OpSignature sig = OpSignature.of(op.name());
        if (s.as() != null && sig != null && sig.idOutput() != null) {
            t.add(s.as() + "=");
        }
        switch (op.name()) {
            case "bind" -> {
                t.add("bind");
                t.add(device(op, "device", bdfs));
            }
            case "unbind", "detach" -> {
                t.add(op.name());
                t.add(ref(op, "dev"));
            }
            case "ioas_alloc" -> t.add("ioas_alloc");
            case "ioas_map" -> {
                t.add("map");
                t.add(ref(op, "ioas"));
                t.add(op.arg("iova") == null ? "auto" : num(op, "iova"));
                t.add(num(op, "length"));
                t.add(word(op, "perm", "rw"));
                if (op.arg("user_va") != null) {
                    t.add("va=" + num(op, "user_va"));
                }
            }
            case "ioas_unmap" -> {
                t.add("unmap");
                t.add(ref(op, "ioas"));
                if (op.arg("all") instanceof Arg.Flag f && f.value()) {
                    t.add("all");
                } else {
                    t.add(num(op, "iova"));
                    t.add(num(op, "length"));
                }
            }
            case "ioas_copy" -> {
                t.add("copy");
                t.add(ref(op, "dst"));
                t.add(ref(op, "src"));
                t.add(num(op, "src_iova"));
                t.add(num(op, "length"));
                t.add(op.arg("dst_iova") == null ? "auto" : num(op, "dst_iova"));
                t.add(word(op, "perm", "rw"));
            }
            case "ioas_allow_iovas" -> {
                t.add("allow_iovas");
                t.add(ref(op, "ioas"));
                if (op.arg("ranges") instanceof Arg.Ranges r) {
                    for (IovaRange range : r.ranges()) {
                        t.add(hex(range.first()) + "-" + hex(range.last()));
                    }
                }
            }
            case "ioas_iova_ranges" -> {
                t.add("iova_ranges");
                t.add(ref(op, "ioas"));
                if (op.arg("max") != null) {
                    t.add(num(op, "max"));
                }
            }
            case "hwpt_alloc" -> {
                t.add("hwpt_alloc");
                t.add(ref(op, "dev"));
                t.add(ref(op, "pt"));
                if (op.arg("flags") instanceof Arg.Words w) {
                    t.addAll(w.values());
                }
            }
            case "attach", "replace" -> {
                t.add(op.name());
                t.add(ref(op, "dev"));
                t.add(ref(op, "pt"));
            }
            case "destroy" -> {
                t.add("destroy");
                t.add(ref(op, "id"));
            }
            case "add_reserved" -> {
                t.add("add_reserved");
                t.add(ref(op, "ioas"));
                t.add(num(op, "start"));
                t.add(num(op, "length"));
            }
            case "dma" -> {
                t.add("dma");
                t.add(op.arg("dev") != null ? "dev=" + ref(op, "dev") : "bdf=" + device(op, "device", bdfs));
                t.add(num(op, "iova"));
                t.add(word(op, "access", "read"));
            }
            default -> t.add(op.name());
        }
        return String.join(" ", t);
    }

    private static String ref(OpSpec op, String key) {
        if (op.arg(key) instanceof Arg.Obj o) {
            return o.ref().isHandle() ? "$" + o.ref().handle() : Long.toUnsignedString(o.ref().rawId());
        }
        return "-";
    }

    private static String num(OpSpec op, String key) {
        return op.arg(key) instanceof Arg.Num n ? hex(n.value()) : "-";
    }

    private static String word(OpSpec op, String key, String fallback) {
        return op.arg(key) instanceof Arg.Word w ? w.value() : fallback;
    }

    /** The VM's BDF; a name the topology does not have passes through, so the runner finds no such device. */
    private static String device(OpSpec op, String key, Map<String, String> bdfs) {
        String name = op.arg(key) instanceof Arg.Word w ? w.value() : "-";
        String bdf = bdfs.get(name);
        return bdf != null ? bdf : "absent:" + name.replaceAll("\\s", "_");
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
