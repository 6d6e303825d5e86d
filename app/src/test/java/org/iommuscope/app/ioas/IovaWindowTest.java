package org.iommuscope.app.ioas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IovaWindowTest {
    private static final double W = 1000;
    private static final long TWO_63 = Long.MIN_VALUE;
    private static final long MAX = -1L;

    @Test
    void theFullSpaceMapsZeroToTheLeftEdgeTwoTo63ToTheMiddleAndTheLastByteToTheRightEdge() {
        IovaWindow full = IovaWindow.FULL;
        assertEquals(IovaWindow.TWO_64, full.span());
        assertEquals(0.0, full.x(0, W));
        assertEquals(W / 2, full.x(TWO_63, W));
        assertEquals(W / 2, full.endX(TWO_63 - 1, W));
        double last = full.x(MAX, W);
        assertTrue(last <= W && last > W - 1e-9, "x(2^64 - 1) = " + last);
        assertEquals(W, full.endX(MAX, W));
        // the unsigned order holds across the sign bit
        assertTrue(full.x(0x7ffffffffffff000L, W) < full.x(TWO_63, W));
        assertTrue(full.x(Long.MAX_VALUE, W) <= full.x(TWO_63, W));
        assertTrue(full.x(TWO_63, W) < full.x(0xc000000000000000L, W));
    }

    @Test
    void toDoubleIsUnsigned() {
        assertEquals(0.0, IovaWindow.toDouble(0));
        assertEquals(9223372036854775808.0, IovaWindow.toDouble(TWO_63));
        assertEquals(18446744073709551616.0, IovaWindow.toDouble(MAX));
        assertEquals(4096.0, IovaWindow.toDouble(4096));
    }

    @Test
    void aOnePageWindowAtTheTopOfTheSpaceIsExact() {
        IovaWindow top = new IovaWindow(0xfffffffffffff000L, MAX);
        assertEquals(BigInteger.valueOf(4096), top.span());
        assertEquals(0.0, top.x(0xfffffffffffff000L, W));
        assertEquals(W / 2, top.x(0xfffffffffffff800L, W));
        assertEquals(W, top.endX(MAX, W));
        assertEquals(-W, top.x(0xffffffffffffe000L, W), "below the window is negative, not wrapped");
        assertEquals(0xfffffffffffff800L, top.valueAt(W / 2, W));
        assertEquals(MAX, top.valueAt(W, W));
    }

    @Test
    void valueAtInvertsX() {
        IovaWindow full = IovaWindow.FULL;
        assertEquals(0, full.valueAt(0, W));
        assertEquals(TWO_63, full.valueAt(W / 2, W));
        assertEquals(MAX, full.valueAt(W, W));
        IovaWindow w = new IovaWindow(0x1000, 0x1000 + 1000 * 16 - 1);
        assertEquals(0x1000 + 16 * 250, w.valueAt(250, W));
    }

    @Test
    void zoomKeepsTheAnchorAndClampsToOnePageAndTo2To64() {
        IovaWindow full = IovaWindow.FULL;
        IovaWindow in = full.zoom(4, 0.5);
        assertEquals(IovaWindow.TWO_64.shiftRight(2), in.span());
        assertEquals(TWO_63, in.valueAt(W / 2, W));
        assertEquals(full, in.zoom(0.25, 0.5));
        assertEquals(full, full.zoom(0.5, 0.3), "cannot zoom out past 2^64");
        IovaWindow page = full;
        for (int i = 0; i < 200; i++) {
            page = page.zoom(2, 1.0);
        }
        assertEquals(BigInteger.valueOf(IovaWindow.MIN_SPAN), page.span());
        assertEquals(MAX, page.last(), "anchored at the right edge, the window stays at the top of the space");
    }

    @Test
    void panStopsAtTheEdgesOfTheSpace() {
        IovaWindow w = new IovaWindow(0x10000, 0x1ffff);
        assertEquals(new IovaWindow(0, 0xffff), w.pan(-5));
        assertEquals(new IovaWindow(0x18000, 0x27fff), w.pan(0.5));
        IovaWindow top = new IovaWindow(0xffffffffffff0000L, MAX);
        assertEquals(top, top.pan(3));
    }

    @Test
    void aroundPadsAndSlidesAtTheEdges() {
        IovaWindow a = IovaWindow.around(0x100000, 0x1fffff, 0.5);
        assertEquals(new IovaWindow(0x80000, 0x27ffff), a);
        IovaWindow low = IovaWindow.around(0, 0xfff, 0.1);
        assertEquals(0, low.lo());
        assertEquals(BigInteger.valueOf(0x3000), low.span(), "a page of margin each side, slid up from 0");
        assertEquals(IovaWindow.FULL, IovaWindow.around(0, MAX, 0.1));
    }

    @Test
    void roundedOutLandsOnRoundHexBoundaries() {
        assertEquals(new IovaWindow(0, 0x11fffffffL), new IovaWindow(0, 0x11343d709L).roundedOut());
        assertEquals(new IovaWindow(0xfee00000L, 0xfeefffffL), new IovaWindow(0xfee00000L, 0xfeefffffL).roundedOut());
        assertEquals(IovaWindow.FULL, IovaWindow.FULL.roundedOut());
        IovaWindow top = new IovaWindow(0xfffffffffff12345L, MAX);
        assertEquals(MAX, top.roundedOut().last());
    }

    @Test
    void textIsExact() {
        assertEquals("[0xfee00000, 0xfeefffff]", IovaText.range(0xfee00000L, 0xfeefffffL));
        assertEquals("0x100000 (1 MiB)", IovaText.lengthText(0xfee00000L, 0xfeefffffL));
        assertEquals("0x10000000000000000 (16 EiB)", IovaText.lengthText(0, MAX));
        assertEquals("4 KiB", IovaText.size(BigInteger.valueOf(4096)));
    }
}
