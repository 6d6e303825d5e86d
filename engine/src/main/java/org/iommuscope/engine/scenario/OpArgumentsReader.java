package org.iommuscope.engine.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iopt.IovaRange;
import org.snakeyaml.engine.v2.nodes.Node;

/** An op's argument mapping, typed by its {@link OpSignature}; handles are checked, not resolved. */
final class OpArgumentsReader {
    private final NodeReader r;
    private final HandleScope handles;
    /** The topology's device names, or null when the topology could not be read. */
    private final Set<String> devices;

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
                return ref == null ? null : new Arg.Obj(ref);
            }
            case DEVICE:
                return device(node, key);
            case NUMBER:
                return r.number(node, key);
            case PASID: {
                Arg.Num n = r.number(node, key);
                if (n != null && Long.compareUnsigned(n.value(), 0xffffffffL) > 0) {
                    r.error(node, key + " " + n.written() + " does not fit the uAPI's __u32 pasid");
                    return null;
                }
                return n;
            }
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
