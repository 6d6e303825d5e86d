package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The format's numbers: unsigned 64-bit decimal, hex and binary sizes, quoted or not. */
class NumberSyntaxTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0, 0",
        "4096, 4096",
        "0x1000, 4096",
        "0X1000, 4096",
        "0x0000000000000000001, 1",
        "2K, 2048",
        "4k, 4096",
        "2M, 2097152",
        "1G, 1073741824",
        "1T, 1099511627776",
        "16777215T, 18446742974197923840",
        "18446744073709551615, 18446744073709551615",
        "0xffffffffffffffff, 18446744073709551615",
        "9223372036854775808, 9223372036854775808",
    })
    void aNumberReadsAsTheUnsignedValueItSpells(String text, String unsigned) {
        assertEquals(Long.parseUnsignedLong(unsigned), NumberSyntax.parse(text));
    }

    @ParameterizedTest(name = "{0} does not fit")
    @ValueSource(strings = {"18446744073709551616", "0x10000000000000000", "16777216T", "99999999999999999999999", "17179869184G"})
    void aNumberBeyond64BitsIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumberSyntax.parse(text));
        assertTrue(e.getMessage().contains("does not fit in 64 bits"), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is no number")
    @ValueSource(strings = {"", "K", "0x", "0xg", "1.5K", "4KB", "4 K", "abc", "1e3", "0b101", "+1"})
    void textThatIsNoNumberIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> NumberSyntax.parse(text));
    }

    @Test
    void aNegativeNumberIsRefusedAsSuch() {
        assertEquals("'-1' is negative; numbers are unsigned", assertThrows(IllegalArgumentException.class, () -> NumberSyntax.parse("-1")).getMessage());
    }

    @Test
    void aQuotedNumberInAFileIsTheSameNumber() throws ScenarioException {
        Scenario s = ScenarioLoader.loadString(ScenarioLoaderTest.BASE
                + "  - ioas_map: {ioas: ioas1, iova: \"0x1000\", length: '2M', user_va: \"18446744073709551615\"}\n", "t.yaml");
        OpSpec map = s.steps().get(3).op();
        assertEquals(0x1000, ((Arg.Num) map.arg("iova")).value());
        assertEquals(2 << 20, ((Arg.Num) map.arg("length")).value());
        assertEquals(-1L, ((Arg.Num) map.arg("user_va")).value());
        assertEquals("2M", ((Arg.Num) map.arg("length")).written());
    }

    @Test
    void numbersAreWrittenInDecimalBelowAPageAndInHexFromThere() {
        assertEquals("4095", NumberSyntax.format(4095));
        assertEquals("0x1000", NumberSyntax.format(4096));
        assertEquals("0xffffffffffffffff", NumberSyntax.format(-1L));
        assertEquals("2K", NumberSyntax.formatSize(2048));
        assertEquals("1G", NumberSyntax.formatSize(1L << 30));
        assertEquals("3", NumberSyntax.formatSize(3));
        assertEquals("6K", NumberSyntax.formatSize(0x1800));
        assertEquals("0x1200", NumberSyntax.formatSize(0x1200));
        assertEquals(0x1200, NumberSyntax.parse(NumberSyntax.formatSize(0x1200)));
    }
}
