package org.iommuscope.engine.iommufd;

import org.iommuscope.engine.iopt.IoPagetable;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/** struct iommufd_ioas: its io_pagetable and hwpt_list (every HWPT_PAGING on it, in insertion order). */
public record Ioas(int id, int users, IoPagetable iopt, PVector<Integer> hwptList) implements IommufdObject {

    public static Ioas fresh(int id) {
        return new Ioas(id, 1, IoPagetable.empty(), TreePVector.empty());
    }

    @Override
    public ObjType type() {
        return ObjType.IOAS;
    }

    @Override
    public Ioas withUsers(int u) {
        return new Ioas(id, u, iopt, hwptList);
    }

    public Ioas withIopt(IoPagetable p) {
        return new Ioas(id, users, p, hwptList);
    }

    public Ioas withHwptList(PVector<Integer> l) {
        return new Ioas(id, users, iopt, l);
    }
}
