package org.iommuscope.engine.scenario;

/**
 * The format's unsigned 64-bit numbers: decimal, 0x hex, or a size with a binary suffix (4K, 2M, 1G, 1T).
 * Values at or above 2^63 are held in a long as the kernel's u64 is: by their bit pattern.
 */
public final class NumberSyntax {
    private NumberSyntax() {
    }

    /** The number a text spells; IllegalArgumentException with the reason when it spells none. */
    public static long parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a number is missing");
        }
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("'" + t + "' is negative; numbers are unsigned");
        }
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return parseHex(t);
        }
        int shift = suffixShift(t.charAt(t.length() - 1));
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + t + "' is not a number (decimal, 0x hex, or a size such as 4K, 2M, 1G)");
        }
        long value;
        try {
            value = Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw tooLarge(t);
        }
        if (shift > 0 && Long.numberOfLeadingZeros(value) < shift) {
            throw tooLarge(t);
        }
        return value << shift;
    }

    private static long parseHex(String t) {
        String digits = t.substring(2);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + t + "' is not a hex number");
        }
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw tooLarge(t);
        }
    }

    private static int suffixShift(char c) {
        switch (Character.toUpperCase(c)) {
            case 'K':
                return 10;
            case 'M':
                return 20;
            case 'G':
                return 30;
            case 'T':
                return 40;
            default:
                return 0;
        }
    }

    private static IllegalArgumentException tooLarge(String t) {
        return new IllegalArgumentException("'" + t + "' does not fit in 64 bits (the largest is 0xffffffffffffffff)");
    }

    /** Decimal below 4096, hex from there: addresses and lengths read best in hex. */
    public static String format(long v) {
        return Long.compareUnsigned(v, 4096) < 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    /** A size: 4K, 2M, 1G, 1T when it is a whole multiple, else {@link #format}. */
    public static String formatSize(long v) {
        String[] suffixes = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < shifts.length; i++) {
            long unit = 1L << shifts[i];
            if (v != 0 && Long.remainderUnsigned(v, unit) == 0) {
                return Long.toUnsignedString(Long.divideUnsigned(v, unit)) + suffixes[i];
            }
        }
        return format(v);
    }
}
