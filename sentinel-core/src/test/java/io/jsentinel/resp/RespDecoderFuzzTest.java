package io.jsentinel.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz run of the request decoder: {@code -Dfuzz.inputs=N} generated hostile inputs (default 20,000 in
 * {@code mvn verify}; the documented long run uses 1,000,000), each decoded whole and in random chunks,
 * with and without the unauthenticated limits. Any exception, a difference between the two chunkings,
 * output after a protocol error, or a buffer over the bound fails the run, naming the seed.
 */
class RespDecoderFuzzTest {

    @Test
    void fuzz() {
        long inputs = Long.getLong("fuzz.inputs", 20_000);
        long baseSeed = Long.getLong("fuzz.seed", 20261125L);
        long errors = 0;
        long commands = 0;
        for (long i = 0; i < inputs; i++) {
            long seed = baseSeed + i;
            byte[] input = DecoderHarness.hostile(new Random(seed));
            boolean auth = (i & 1) == 1;
            try {
                DecoderHarness.Run whole = DecoderHarness.decode(input, null, auth, 4096);
                DecoderHarness.Run split = DecoderHarness.decode(input, new Random(~seed), auth, 4096);
                assertThat(split.units()).as("seed %d", seed).isEqualTo(whole.units());
                List<String> u = whole.units();
                for (int k = 0; k < u.size() - 1; k++) {
                    assertThat(u.get(k)).as("seed %d: output after an error", seed).doesNotStartWith("ERROR ");
                }
                assertThat(split.maxHeld()).as("seed %d", seed).isLessThanOrEqualTo(4096 + 64 + 16);
                if (!u.isEmpty() && u.get(u.size() - 1).startsWith("ERROR ")) {
                    errors++;
                }
                commands += u.size();
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("decoder fuzz failed at seed " + seed, e);
            }
        }
        System.out.printf("decoder fuzz: %d inputs, %d units, %d ended in a protocol error%n", inputs, commands, errors);
        assertThat(errors).isPositive();
        assertThat(commands).isPositive();
    }
}
