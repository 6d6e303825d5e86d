package org.iommuscope.engine.hw;

import java.util.Comparator;

/** Unsigned 64-bit arithmetic, as the kernel's unsigned long / u64. */
public final class Unsigned {
    /** ULONG_MAX / U64_MAX. */
    public static final long MAX = -1L;
    public static final Comparator<Long> ORDER = Long::compareUnsigned;

    private Unsigned() {
    }

    public static boolean lt(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean le(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    public static boolean gt(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    public static boolean ge(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }

    public static long max(long a, long b) {
        return ge(a, b) ? a : b;
    }

    public static long min(long a, long b) {
        return le(a, b) ? a : b;
    }

    /** check_add_overflow(a, b): true when a + b wraps. */
    public static boolean addOverflows(long a, long b) {
        return lt(a + b, a);
    }

    /** Two inclusive ranges intersect. */
    public static boolean intersects(long first1, long last1, long first2, long last2) {
        return le(first1, last2) && le(first2, last1);
    }

    /** roundup_pow_of_two for values below 2^63. */
    public static long roundupPowOfTwo(long v) {
        long h = Long.highestOneBit(v);
        return h == v ? v : h << 1;
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
