package org.iommuscope.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What two frames of the same step must agree on, however each was made (loaded whole, streamed, continued). */
final class FrameAssertions {
    private FrameAssertions() {
    }

    /** The same step read the same way: its number, texts, outcome, caption, line and events. */
    static void assertReadsAlike(Frame expected, Frame actual, String at) {
        assertEquals(expected.number(), actual.number(), at);
        assertEquals(expected.op(), actual.op(), at);
        assertEquals(expected.opNamed(), actual.opNamed(), at);
        assertEquals(expected.outcome(), actual.outcome(), at);
        assertEquals(expected.reason(), actual.reason(), at);
        assertEquals(expected.passed(), actual.passed(), at);
        assertEquals(expected.caption(), actual.caption(), at);
        assertEquals(expected.line(), actual.line(), at);
        assertEquals(expected.events(), actual.events(), at);
        assertEquals(expected.summary(), actual.summary(), at);
    }
}
