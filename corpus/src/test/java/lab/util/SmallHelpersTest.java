package lab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmallHelpersTest {
    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("0s", Durations.format(0.4));
        assertEquals("59s", Durations.format(59.4));
        assertEquals("1m00s", Durations.format(59.6));
        assertEquals("3m07s", Durations.format(187));
        assertEquals("2h05m", Durations.format(2 * 3600 + 5 * 60 + 59));
    }

    @Test
    void sha256MatchesTheStandardTestVector() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2, "abc"
        assertEquals(abc, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        var digest = Sha256.digest();
        digest.update("ab".getBytes(StandardCharsets.US_ASCII));
        digest.update("c".getBytes(StandardCharsets.US_ASCII));
        assertEquals(abc, Sha256.hex(digest));
    }
}
