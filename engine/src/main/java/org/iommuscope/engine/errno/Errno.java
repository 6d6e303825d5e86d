package org.iommuscope.engine.errno;

/** The errnos the iommufd and VFIO uAPI return, with Linux's numbers. */
public enum Errno {
    EPERM(1), ENOENT(2), EIO(5), E2BIG(7), EBADF(9), ENOMEM(12), EFAULT(14), EBUSY(16), EEXIST(17), ENODEV(19),
    EINVAL(22), ENOTTY(25), ENOSPC(28), ERANGE(34), EDEADLK(35), EOVERFLOW(75), EBADFD(77), EMSGSIZE(90), EOPNOTSUPP(95),
    EADDRINUSE(98);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Errno byName(String name) {
        if ("EDEADLOCK".equals(name)) {
            return EDEADLK;
        }
        for (Errno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
