package org.iommuscope.app.ioas;

import java.math.BigInteger;
import java.util.Locale;
import org.iommuscope.engine.hw.Unsigned;

/** How IOVA ranges read on screen: exact hex for the record, binary units for the eye. */
public final class IovaText {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private IovaText() {
    }

    /** "0xfee00000". */
    public static String hex(long v) {
        return Unsigned.hex(v);
    }

    /** "[0xfee00000, 0xfeefffff]". */
    public static String range(long first, long last) {
        return "[" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "]";
    }

    /** last - first + 1 as an exact number, 2^64 included. */
    public static BigInteger length(long first, long last) {
        return IovaWindow.unsigned(last).subtract(IovaWindow.unsigned(first)).add(BigInteger.ONE);
    }

    /** "0x100000 (1 MiB)": the exact length in hex and a rounded size. */
    public static String lengthText(long first, long last) {
        BigInteger len = length(first, last);
        return "0x" + len.toString(16) + " (" + size(len) + ")";
    }

    /** A size in binary units: "4 KiB", "1.5 MiB", "16 EiB". */
    public static String size(BigInteger bytes) {
        double v = bytes.doubleValue();
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String n = v == Math.rint(v) || v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
        return n + " " + UNITS[u];
    }
}
