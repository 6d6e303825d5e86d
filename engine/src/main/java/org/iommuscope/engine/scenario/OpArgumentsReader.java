package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.hw.Stage1;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.hw.Unsigned;
import org.iommuscope.engine.iopt.IovaRange;
import org.snakeyaml.engine.v2.nodes.Node;

/** An op's argument mapping, typed by its {@link OpSignature}; handles are checked, not resolved. */
final class OpArgumentsReader {
    private final NodeReader r;
    private final HandleScope handles;
    /** The topology's device names, or null when the topology could not be read. */
    private final Set<String> devices;
    /** One argument per handle named: a long trace names the same few in every step. */
    private final Map<Ref, Arg.Obj> objects = new java.util.HashMap<>();
    /** The last number read for each argument: a trace's ops repeat their lengths, which then share one. */
    private final Map<String, Arg.Num> lastNumber = new java.util.HashMap<>();

    OpArgumentsReader(NodeReader r, HandleScope handles, Topology topology) {
        this.r = r;
        this.handles = handles;
        this.devices = topology == null ? null : topology.devices().keySet();
    }

    /** The op, or null (problems reported at the argument, or at the op's key for a missing one). */
    OpSpec read(OpSignature sig, Node opKey, Map<String, NodeReader.Entry> args) {
        int before = r.problemCount();
        Map<String, Arg> out = new LinkedHashMap<>();
        for (NodeReader.Entry entry : args.values()) {
            Arg value = value(entry.value(), entry.name(), sig.param(entry.name()).kind());
            if (value != null) {
                out.put(entry.name(), value);
            }
        }
        for (OpSignature.Param p : sig.params()) {
            if (p.required() && !args.containsKey(p.name())) {
                r.error(opKey, sig.name() + " needs '" + p.name() + "'");
            }
        }
        if (sig.name().equals("ioas_unmap")) {
            unmapForm(opKey, args, out);
        } else if (sig.name().equals("dma")) {
            boolean device = args.containsKey("device");
            boolean dev = args.containsKey("dev");
            if (device == dev) {
                r.error(opKey, device ? "dma takes 'device' or 'dev', not both"
                        : "dma needs 'device' (a topology name) or 'dev' (a handle)");
            }
        }
        return r.problemCount() == before ? new OpSpec(sig.name(), out) : null;
    }

    /** ioas_unmap is either iova and length, or all: true (IOMMU_IOAS_UNMAP's iova 0, length U64_MAX). */
    private void unmapForm(Node opKey, Map<String, NodeReader.Entry> args, Map<String, Arg> out) {
        boolean all = out.get("all") instanceof Arg.Flag f && f.value();
        if (all && (args.containsKey("iova") || args.containsKey("length"))) {
            r.error(opKey, "ioas_unmap with 'all: true' takes no iova or length");
        } else if (!all && !(args.containsKey("iova") && args.containsKey("length"))) {
            r.error(opKey, "ioas_unmap needs 'iova' and 'length', or 'all: true'");
        }
    }

    private Arg value(Node node, String key, OpSignature.Kind kind) {
        switch (kind) {
            case OBJECT: {
                Ref ref = handles.ref(node, key);
                return ref == null ? null : ref.isHandle() ? objects.computeIfAbsent(ref, Arg.Obj::new) : new Arg.Obj(ref);
            }
            case DEVICE:
                return device(node, key);
            case NUMBER: {
                Arg.Num n = r.number(node, key);
                Arg.Num last = lastNumber.get(key);
                if (n != null && n.equals(last)) {
                    return last;
                }
                if (n != null) {
                    lastNumber.put(key, n);
                }
                return n;
            }
            case PASID:
            case U32:
                return u32(node, key);
            case STAGE1:
                return stage1(node, key);
            case ENTRIES:
                return entries(node, key);
            case PERM: {
                String w = r.choice(node, key, OpSignature.PERMS);
                return w == null ? null : new Arg.Word(w);
            }
            case ACCESS: {
                String w = r.choice(node, key, OpSignature.ACCESSES);
                return w == null ? null : new Arg.Word(w);
            }
            case FLAGS:
                return flags(node, key);
            case RANGES: {
                List<IovaRange> ranges = handles.ranges(node, key);
                return ranges == null ? null : new Arg.Ranges(ranges);
            }
            case BOOLEAN: {
                Boolean b = r.bool(node, key);
                return b == null ? null : new Arg.Flag(b);
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** A number of a __u32 field of the uAPI, or null (reported). */
    private Arg.Num u32(Node node, String key) {
        Arg.Num n = r.number(node, key);
        if (n != null && Long.compareUnsigned(n.value(), 0xffffffffL) > 0) {
            r.error(node, key + " " + n.written() + " does not fit the uAPI's __u32 " + key);
            return null;
        }
        return n;
    }

    /**
     * stage1: {mode, map}: the guest's stage 1 of a nested hwpt. A map needs mode translate (the default when a map is
     * given); each entry is [giova, gpa, length, perm] with a length that is not 0, neither end overflowing, and no two
     * entries overlapping (a guest page table maps an address once).
     */
    private Arg stage1(Node node, String key) {
        Map<String, NodeReader.Entry> e = r.mapping(node, key, OpSignature.STAGE1_KEYS);
        if (e == null) {
            return null;
        }
        int before = r.problemCount();
        Stage1.Mode mode = null;
        if (e.containsKey("mode")) {
            String m = r.choice(e.get("mode").value(), key + "'s mode", List.of("translate", "bypass", "abort"));
            mode = m == null ? null : Stage1.Mode.fromYaml(m);
        } else if (!e.containsKey("map")) {
            r.error(node, key + " needs 'mode' (translate, bypass or abort), or a 'map' to translate through");
        } else {
            mode = Stage1.Mode.TRANSLATE;
        }
        List<Stage1.Range> ranges = new ArrayList<>();
        if (e.containsKey("map")) {
            Node mapNode = e.get("map").value();
            if (mode != null && mode != Stage1.Mode.TRANSLATE) {
                r.error(e.get("map").key(), key + "'s map needs mode translate, not " + mode.yamlName());
            }
            List<Node> items = r.sequence(mapNode, key + "'s map");
            for (Node item : items == null ? List.<Node>of() : items) {
                Stage1.Range range = stage1Range(item, key);
                if (range == null) {
                    continue;
                }
                for (Stage1.Range other : ranges) {
                    if (Unsigned.le(other.giova(), range.last()) && Unsigned.ge(other.last(), range.giova())) {
                        r.error(item, key + "'s map: guest IOVA [" + Unsigned.hex(range.giova()) + ", " + Unsigned.hex(range.last())
                                + "] overlaps [" + Unsigned.hex(other.giova()) + ", " + Unsigned.hex(other.last()) + "]");
                    }
                }
                ranges.add(range);
            }
        }
        return r.problemCount() == before && mode != null ? new Arg.Stage1Data(Stage1.of(mode, ranges)) : null;
    }

    private Stage1.Range stage1Range(Node item, String key) {
        List<Node> parts = r.sequence(item, "an entry of " + key + "'s map");
        if (parts == null) {
            return null;
        }
        if (parts.size() != 4) {
            r.error(item, "an entry of " + key + "'s map is [giova, gpa, length, perm], not a list of " + parts.size());
            return null;
        }
        Arg.Num giova = r.number(parts.get(0), "a stage-1 guest IOVA");
        Arg.Num gpa = r.number(parts.get(1), "a stage-1 guest PA");
        Arg.Num length = r.number(parts.get(2), "a stage-1 length");
        String perm = r.choice(parts.get(3), "a stage-1 perm", List.of("rw", "r", "w"));
        if (giova == null || gpa == null || length == null || perm == null) {
            return null;
        }
        if (length.value() == 0) {
            r.error(parts.get(2), "a stage-1 length must not be 0");
            return null;
        }
        if (Unsigned.addOverflows(giova.value(), length.value() - 1) || Unsigned.addOverflows(gpa.value(), length.value() - 1)) {
            r.error(parts.get(2), "a stage-1 range of " + length.written() + " bytes runs past the end of the 64-bit space");
            return null;
        }
        Prot prot = perm.equals("r") ? Prot.R : perm.equals("w") ? Prot.W : Prot.RW;
        return new Stage1.Range(giova.value(), gpa.value(), length.value(), prot);
    }

    /** entries: a list of {virt_id, cache_id, flags} (each 0 when left out; all __u32 in the emulated driver's format). */
    private Arg entries(Node node, String key) {
        List<Node> items = r.sequence(node, key);
        if (items == null) {
            return null;
        }
        int before = r.problemCount();
        List<Op.InvalidationEntry> out = new ArrayList<>();
        for (Node item : items) {
            Map<String, NodeReader.Entry> e = r.mapping(item, "an invalidation entry", OpSignature.ENTRY_KEYS);
            if (e == null) {
                continue;
            }
            long[] v = new long[3];
            for (int i = 0; i < 3; i++) {
                String k = OpSignature.ENTRY_KEYS.get(i);
                Arg.Num n = e.containsKey(k) ? u32(e.get(k).value(), k) : null;
                v[i] = n == null ? 0 : n.value();
            }
            out.add(new Op.InvalidationEntry(v[2], v[0], v[1]));
        }
        return r.problemCount() == before ? new Arg.Entries(out) : null;
    }

    private Arg device(Node node, String key) {
        String name = r.text(node, key);
        if (name == null) {
            return null;
        }
        if (devices != null && !devices.contains(name)) {
            String hint = DidYouMean.hint(name, devices);
            r.error(node, "no device '" + NodeReader.shortText(name) + "' in the topology" + hint);
            return null;
        }
        return new Arg.Word(name);
    }

    private Arg flags(Node node, String key) {
        List<Node> items = r.sequence(node, key);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node item : items) {
            String w = r.choice(item, key, OpSignature.FLAGS);
            if (w != null) {
                out.add(w);
            }
        }
        return out.size() == items.size() ? new Arg.Words(out) : null;
    }
}
