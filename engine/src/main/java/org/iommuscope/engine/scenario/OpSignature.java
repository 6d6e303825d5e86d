package org.iommuscope.engine.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops of the format: their arguments, which are required, and the outputs {@code expect} may test.
 *
 * @param idOutput the output an {@code as} binds ("id" or "pt_id"), or null when the op returns no object
 */
public record OpSignature(String name, List<Param> params, Map<String, Kind> outputs, String idOutput) {

    /** What an argument or output holds. */
    public enum Kind {
        /** An object: a handle or a raw ID. */
        OBJECT,
        /** A device of the topology, by name. */
        DEVICE,
        NUMBER,
        /** rw, r, w, none. */
        PERM,
        /** read, write. */
        ACCESS,
        /** nest_parent, dirty_tracking, pasid. */
        FLAGS,
        RANGES,
        BOOLEAN,
        /** A PASID: a number that fits the uAPI's __u32. */
        PASID,
        /** hw_info's capabilities: a list of dirty_tracking, pasid_exec, pasid_priv (compared as a set). */
        CAPS,
        /** A number that fits the uAPI's __u32 field of that name (a type, a depth, an index). */
        U32,
        /** hwpt_alloc's stage1: {mode: translate | bypass | abort, map: [[giova, gpa, length, perm], ...]}. */
        STAGE1,
        /** hwpt_invalidate's entries: a list of {virt_id, cache_id, flags} mappings. */
        ENTRIES
    }

    public record Param(String name, Kind kind, boolean required) {
    }

    public static final List<String> PERMS = List.of("rw", "r", "w", "none");
    public static final List<String> ACCESSES = List.of("read", "write");
    public static final List<String> FLAGS = List.of("nest_parent", "dirty_tracking", "pasid");
    public static final List<String> CAPABILITIES = List.of("dirty_tracking", "pasid_exec", "pasid_priv");
    public static final List<String> STAGE1_KEYS = List.of("mode", "map");
    public static final List<String> ENTRY_KEYS = List.of("virt_id", "cache_id", "flags");

    private static final Map<String, OpSignature> ALL = build();

    public OpSignature {
        params = List.copyOf(params);
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** The op of that name, or null. */
    public static OpSignature of(String name) {
        return ALL.get(name);
    }

    /** Every op name, in the format's order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    public Param param(String key) {
        for (Param p : params) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        return null;
    }

    public List<String> paramNames() {
        return params.stream().map(Param::name).toList();
    }

    private static Map<String, OpSignature> build() {
        Map<String, OpSignature> m = new LinkedHashMap<>();
        Param dev = req("dev", Kind.OBJECT);
        Param pt = req("pt", Kind.OBJECT);
        Param ioas = req("ioas", Kind.OBJECT);
        add(m, "bind", List.of(req("device", Kind.DEVICE)), Map.of("id", Kind.OBJECT), "id");
        add(m, "unbind", List.of(dev), Map.of(), null);
        add(m, "ioas_alloc", List.of(), Map.of("id", Kind.OBJECT), "id");
        add(m, "ioas_map", List.of(ioas, req("length", Kind.NUMBER), opt("iova", Kind.NUMBER), opt("perm", Kind.PERM),
                opt("user_va", Kind.NUMBER)), Map.of("iova", Kind.NUMBER), null);
        // either iova and length, or all: true (checked by the step reader)
        add(m, "ioas_unmap", List.of(ioas, opt("iova", Kind.NUMBER), opt("length", Kind.NUMBER), opt("all", Kind.BOOLEAN)),
                Map.of("length", Kind.NUMBER), null);
        add(m, "ioas_copy", List.of(req("src", Kind.OBJECT), req("src_iova", Kind.NUMBER), req("length", Kind.NUMBER),
                req("dst", Kind.OBJECT), opt("dst_iova", Kind.NUMBER), opt("perm", Kind.PERM)), Map.of("dst_iova", Kind.NUMBER), null);
        add(m, "ioas_allow_iovas", List.of(ioas, req("ranges", Kind.RANGES)), Map.of(), null);
        Map<String, Kind> ranges = new LinkedHashMap<>();
        ranges.put("ranges", Kind.RANGES);
        ranges.put("alignment", Kind.NUMBER);
        ranges.put("num", Kind.NUMBER);
        add(m, "ioas_iova_ranges", List.of(ioas, opt("max", Kind.NUMBER)), ranges, null);
        Param pasid = opt("pasid", Kind.PASID);
        add(m, "hwpt_alloc", List.of(dev, pt, opt("flags", Kind.FLAGS), opt("fault", Kind.OBJECT), opt("stage1", Kind.STAGE1)),
                Map.of("id", Kind.OBJECT), "id");
        add(m, "attach", List.of(dev, pt, pasid), Map.of("pt_id", Kind.OBJECT), "pt_id");
        add(m, "replace", List.of(dev, pt, pasid), Map.of("pt_id", Kind.OBJECT), "pt_id");
        add(m, "detach", List.of(dev, pasid), Map.of(), null);
        add(m, "destroy", List.of(req("id", Kind.OBJECT)), Map.of(), null);
        add(m, "add_reserved", List.of(ioas, req("start", Kind.NUMBER), req("length", Kind.NUMBER)), Map.of(), null);
        // either device (a topology name) or dev (a handle), checked by the step reader
        Map<String, Kind> dmaOut = new LinkedHashMap<>();
        dmaOut.put("pa", Kind.NUMBER);
        dmaOut.put("gpa", Kind.NUMBER);
        add(m, "dma", List.of(opt("device", Kind.DEVICE), opt("dev", Kind.OBJECT), req("iova", Kind.NUMBER),
                opt("access", Kind.ACCESS), pasid), dmaOut, null);
        // Version 2
        Map<String, Kind> info = new LinkedHashMap<>();
        info.put("capabilities", Kind.CAPS);
        info.put("max_pasid_log2", Kind.NUMBER);
        add(m, "hw_info", List.of(dev), info, null);
        Param hwpt = req("hwpt", Kind.OBJECT);
        add(m, "set_dirty_tracking", List.of(hwpt, req("enable", Kind.BOOLEAN)), Map.of(), null);
        add(m, "get_dirty_bitmap", List.of(hwpt, req("iova", Kind.NUMBER), req("length", Kind.NUMBER), opt("page_size", Kind.NUMBER),
                opt("no_clear", Kind.BOOLEAN)), Map.of("dirty", Kind.RANGES), null);
        add(m, "fault_alloc", List.of(), Map.of("id", Kind.OBJECT), "id");
        add(m, "close", List.of(req("id", Kind.OBJECT)), Map.of(), null);
        // Version 2, part 2: the vIOMMU objects
        Param viommu = req("viommu", Kind.OBJECT);
        Param type = opt("type", Kind.U32);
        add(m, "viommu_alloc", List.of(dev, hwpt, type), Map.of("id", Kind.OBJECT), "id");
        add(m, "vdevice_alloc", List.of(viommu, dev, req("virt_id", Kind.NUMBER)), Map.of("id", Kind.OBJECT), "id");
        add(m, "veventq_alloc", List.of(viommu, req("depth", Kind.U32), type), Map.of("id", Kind.OBJECT), "id");
        add(m, "hw_queue_alloc", List.of(viommu, type, req("index", Kind.U32), req("base_addr", Kind.NUMBER), req("length", Kind.NUMBER)),
                Map.of("id", Kind.OBJECT), "id");
        add(m, "hwpt_invalidate", List.of(hwpt, req("entries", Kind.ENTRIES)), Map.of("entry_num", Kind.NUMBER), null);
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, OpSignature> m, String name, List<Param> params, Map<String, Kind> outputs, String idOutput) {
        m.put(name, new OpSignature(name, params, outputs, idOutput));
    }

    private static Param req(String name, Kind kind) {
        return new Param(name, kind, true);
    }

    private static Param opt(String name, Kind kind) {
        return new Param(name, kind, false);
    }
}
