package org.iommuscope.engine.iommufd;

/** enum iommufd_object_type, the kinds the emulator has. */
public enum ObjType {
    DEVICE("idev"), HWPT_PAGING("hwpt_paging"), HWPT_NESTED("hwpt_nested"), IOAS("ioas"), FAULT("fault"), VIOMMU("viommu"),
    VDEVICE("vdevice"), VEVENTQ("veventq"), HW_QUEUE("hw_queue"), ACCESS("access");

    private final String label;

    ObjType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
