package org.iommuscope.app.timeline;

import org.iommuscope.engine.Op;
import org.iommuscope.engine.hw.Unsigned;

/** An op in the log's words when no scenario text exists: "attach idev 1 → pt 4". */
public final class OpText {
    private OpText() {
    }

    public static String of(Op op) {
        if (op instanceof Op.Bind b) {
            return "bind " + b.device();
        }
        if (op instanceof Op.Unbind u) {
            return "unbind idev " + u.dev();
        }
        if (op instanceof Op.IoasAlloc) {
            return "ioas_alloc";
        }
        if (op instanceof Op.IoasMap m) {
            return "ioas_map ioas " + m.ioas() + " " + (m.iova() == null ? "auto" : Unsigned.hex(m.iova())) + " +" + Unsigned.hex(m.length());
        }
        if (op instanceof Op.IoasUnmap u) {
            return u.iova() == 0 && u.length() == -1L ? "ioas_unmap ioas " + u.ioas() + " all"
                    : "ioas_unmap ioas " + u.ioas() + " " + Unsigned.hex(u.iova()) + " +" + Unsigned.hex(u.length());
        }
        if (op instanceof Op.HwptAlloc h) {
            return "hwpt_alloc idev " + h.dev() + " pt " + h.pt() + (h.flags().isEmpty() ? "" : " " + h.flags());
        }
        if (op instanceof Op.Attach a) {
            return "attach idev " + a.dev() + " → pt " + a.pt();
        }
        if (op instanceof Op.Replace r) {
            return "replace idev " + r.dev() + " → pt " + r.pt();
        }
        if (op instanceof Op.Detach d) {
            return "detach idev " + d.dev();
        }
        if (op instanceof Op.Destroy d) {
            return "destroy " + d.id();
        }
        if (op instanceof Op.Dma d) {
            return "dma " + (d.device() != null ? d.device() : "idev " + d.dev()) + " " + Unsigned.hex(d.iova()) + " " + d.access().name().toLowerCase();
        }
        return op.name();
    }
}
