package org.iommuscope.engine.errno;

/**
 * A kernel function's error return (-errno), with the reason in words. Thrown inside an op and caught at
 * the engine boundary, where it becomes a failed {@link Result}; it never escapes the engine.
 */
public final class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;
    private boolean keepsEffects;
    private java.util.Map<String, Object> outputs = java.util.Map.of();

    public KernelError(Errno errno, String reason) {
        super(reason, null, false, false);
        this.errno = errno;
    }

    /**
     * Marks an error the kernel returns after part of the work is done and not undone (unmap's partial
     * progress): the op fails, yet its effects so far stand.
     */
    public KernelError keepingEffects(boolean keep) {
        this.keepsEffects = keep;
        return this;
    }

    /** Outputs the kernel writes back even though it fails (IOAS_IOVA_RANGES's EMSGSIZE). */
    public KernelError withOutputs(java.util.Map<String, Object> out) {
        this.outputs = out;
        return this;
    }

    public java.util.Map<String, Object> outputs() {
        return outputs;
    }

    public boolean keepsEffects() {
        return keepsEffects;
    }

    public Errno errno() {
        return errno;
    }

    public String reason() {
        return getMessage();
    }
}
