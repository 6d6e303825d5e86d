package org.iommuscope.engine.iommufd;

/** enum iommufd_object_type, the kinds the emulator has. */
public enum ObjType {
    DEVICE("idev"), HWPT_PAGING("hwpt_paging"), HWPT_NESTED("hwpt_nested"), IOAS("ioas"), FAULT("fault");

    private final String label;

    ObjType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
