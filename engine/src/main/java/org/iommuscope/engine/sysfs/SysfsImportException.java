package org.iommuscope.engine.sysfs;

/** A capture that cannot be imported at all (no iommu_groups in it, an unreadable archive). */
public final class SysfsImportException extends Exception {
    private static final long serialVersionUID = 1L;

    public SysfsImportException(String message) {
        super(message);
    }

    public SysfsImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
