package org.iommuscope.engine.hw;

/** enum iommu_resv_type, with the scenario format's names. */
public enum ResvType {
    RESERVED("reserved"),
    DIRECT("direct"),
    DIRECT_RELAXABLE("direct-relaxable"),
    MSI("msi"),
    SW_MSI("sw-msi");

    private final String yamlName;

    ResvType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static ResvType fromYaml(String name) {
        for (ResvType t : values()) {
            if (t.yamlName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
