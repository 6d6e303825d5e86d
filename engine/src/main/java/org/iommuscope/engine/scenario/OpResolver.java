package org.iommuscope.engine.scenario;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Prot;
import org.iommuscope.engine.iopt.IovaRange;

/** An {@link OpSpec} with its handles resolved to the raw IDs the engine takes. */
final class OpResolver {
    private final HandleTable handles;

    OpResolver(HandleTable handles) {
        this.handles = handles;
    }

    Op resolve(OpSpec spec) throws Unresolvable {
        switch (spec.name()) {
            case "bind":
                return new Op.Bind(word(spec, "device", null));
            case "unbind":
                return new Op.Unbind(obj(spec, "dev"));
            case "ioas_alloc":
                return new Op.IoasAlloc();
            case "ioas_map":
                return new Op.IoasMap(obj(spec, "ioas"), num(spec, "length"), optNum(spec, "iova"), perm(spec),
                        optNum(spec, "user_va"));
            case "ioas_unmap":
                if (spec.arg("all") instanceof Arg.Flag f && f.value()) {
                    return Op.IoasUnmap.all(obj(spec, "ioas"));
                }
                return new Op.IoasUnmap(obj(spec, "ioas"), num(spec, "iova"), num(spec, "length"));
            case "ioas_copy":
                return new Op.IoasCopy(obj(spec, "src"), num(spec, "src_iova"), num(spec, "length"), obj(spec, "dst"),
                        optNum(spec, "dst_iova"), perm(spec));
            case "ioas_allow_iovas":
                return new Op.IoasAllowIovas(obj(spec, "ioas"), ranges(spec, "ranges"));
            case "ioas_iova_ranges":
                return new Op.IoasIovaRanges(obj(spec, "ioas"), optNum(spec, "max"));
            case "hwpt_alloc":
                return new Op.HwptAlloc(obj(spec, "dev"), obj(spec, "pt"), flags(spec), optObj(spec, "fault"),
                        spec.arg("stage1") instanceof Arg.Stage1Data d ? d.value() : null);
            case "attach":
                return new Op.Attach(obj(spec, "dev"), obj(spec, "pt"), optNum(spec, "pasid"));
            case "replace":
                return new Op.Replace(obj(spec, "dev"), obj(spec, "pt"), optNum(spec, "pasid"));
            case "detach":
                return new Op.Detach(obj(spec, "dev"), optNum(spec, "pasid"));
            case "destroy":
                return new Op.Destroy(obj(spec, "id"));
            case "add_reserved":
                return new Op.AddReserved(obj(spec, "ioas"), num(spec, "start"), num(spec, "length"));
            case "dma": {
                Op.Access access = "write".equals(word(spec, "access", "read")) ? Op.Access.WRITE : Op.Access.READ;
                if (spec.arg("dev") != null) {
                    return new Op.Dma(null, obj(spec, "dev"), num(spec, "iova"), access, optNum(spec, "pasid"));
                }
                return new Op.Dma(word(spec, "device", null), null, num(spec, "iova"), access, optNum(spec, "pasid"));
            }
            case "hw_info":
                return new Op.HwInfo(obj(spec, "dev"));
            case "set_dirty_tracking":
                return new Op.SetDirtyTracking(obj(spec, "hwpt"), bool(spec, "enable", false));
            case "get_dirty_bitmap":
                return new Op.GetDirtyBitmap(obj(spec, "hwpt"), num(spec, "iova"), num(spec, "length"), optNum(spec, "page_size"),
                        bool(spec, "no_clear", false));
            case "fault_alloc":
                return new Op.FaultAlloc();
            case "close":
                return new Op.Close(obj(spec, "id"));
            case "viommu_alloc":
                return new Op.ViommuAlloc(obj(spec, "dev"), obj(spec, "hwpt"), optNum(spec, "type"));
            case "vdevice_alloc":
                return new Op.VdeviceAlloc(obj(spec, "viommu"), obj(spec, "dev"), num(spec, "virt_id"));
            case "veventq_alloc":
                return new Op.VeventqAlloc(obj(spec, "viommu"), num(spec, "depth"), optNum(spec, "type"));
            case "hw_queue_alloc":
                return new Op.HwQueueAlloc(obj(spec, "viommu"), optNum(spec, "type"), num(spec, "index"), num(spec, "base_addr"),
                        num(spec, "length"));
            case "hwpt_invalidate":
                if (!(spec.arg("entries") instanceof Arg.Entries e)) {
                    throw missing(spec, "entries");
                }
                return new Op.HwptInvalidate(obj(spec, "hwpt"), e.values());
            default:
                throw new Unresolvable("unknown op '" + spec.name() + "'");
        }
    }

    private long obj(OpSpec spec, String key) throws Unresolvable {
        if (!(spec.arg(key) instanceof Arg.Obj o)) {
            throw missing(spec, key);
        }
        return handles.id(o.ref());
    }

    private Long optObj(OpSpec spec, String key) throws Unresolvable {
        return spec.arg(key) instanceof Arg.Obj o ? handles.id(o.ref()) : null;
    }

    private static boolean bool(OpSpec spec, String key, boolean fallback) {
        return spec.arg(key) instanceof Arg.Flag f ? f.value() : fallback;
    }

    private static long num(OpSpec spec, String key) throws Unresolvable {
        Long n = optNum(spec, key);
        if (n == null) {
            throw missing(spec, key);
        }
        return n;
    }

    private static Long optNum(OpSpec spec, String key) {
        return spec.arg(key) instanceof Arg.Num n ? n.value() : null;
    }

    private static String word(OpSpec spec, String key, String fallback) throws Unresolvable {
        if (spec.arg(key) instanceof Arg.Word w) {
            return w.value();
        }
        if (fallback == null) {
            throw missing(spec, key);
        }
        return fallback;
    }

    /** perm: rw when absent. */
    private static Prot perm(OpSpec spec) throws Unresolvable {
        switch (word(spec, "perm", "rw")) {
            case "r":
                return Prot.R;
            case "w":
                return Prot.W;
            case "none":
                return Prot.NONE;
            default:
                return Prot.RW;
        }
    }

    private static List<IovaRange> ranges(OpSpec spec, String key) throws Unresolvable {
        if (!(spec.arg(key) instanceof Arg.Ranges r)) {
            throw missing(spec, key);
        }
        return r.ranges();
    }

    private static Set<Op.HwptFlag> flags(OpSpec spec) {
        Set<Op.HwptFlag> out = EnumSet.noneOf(Op.HwptFlag.class);
        if (spec.arg("flags") instanceof Arg.Words w) {
            for (String f : w.values()) {
                Op.HwptFlag flag = Op.HwptFlag.fromYaml(f);
                if (flag != null) {
                    out.add(flag);
                }
            }
        }
        return out;
    }

    /** Only a scenario built in code, not one from the loader, can miss an argument. */
    private static Unresolvable missing(OpSpec spec, String key) {
        return new Unresolvable(spec.name() + " needs '" + key + "'");
    }
}
