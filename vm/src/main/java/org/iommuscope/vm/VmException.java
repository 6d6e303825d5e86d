package org.iommuscope.vm;

/**
 * The real-kernel run could not be done (no QEMU, no compiler, no kernel image, the VM did not come up): its
 * message says what to do, in words a user reads; never a scenario's outcome.
 */
public final class VmException extends Exception {
    private static final long serialVersionUID = 1L;

    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }
}
