package io.jsentinel.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties of the request decoder over generated input (jqwik). */
class RespDecoderPropertiesTest {

    @Provide
    Arbitrary<List<List<byte[]>>> commands() {
        Arbitrary<byte[]> arg = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return arg.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 500)
    void multibulkRoundTripsWhateverTheChunking(@ForAll("commands") List<List<byte[]>> cmds, @ForAll long seed) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (List<byte[]> c : cmds) {
            o.writeBytes(DecoderHarness.multibulk(c));
            List<String> words = new ArrayList<>();
            for (byte[] a : c) {
                words.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            expected.add(String.join("|", words));
        }
        DecoderHarness.Run run = DecoderHarness.decode(o.toByteArray(), new Random(seed), false, 1 << 20);
        assertThat(run.units()).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void hostileInputDecodesTheSameInAnyChunkingAndEndsAtTheFirstError(@ForAll long seed) {
        byte[] input = DecoderHarness.hostile(new Random(seed));
        DecoderHarness.Run whole = DecoderHarness.decode(input, null, false, 1 << 20);
        DecoderHarness.Run split = DecoderHarness.decode(input, new Random(seed ^ 0x5DEECE66DL), false, 1 << 20);
        assertThat(split.units()).isEqualTo(whole.units());
        List<String> units = whole.units();
        for (int i = 0; i < units.size() - 1; i++) {
            assertThat(units.get(i)).doesNotStartWith("ERROR ");
        }
    }

    @Property(tries = 500)
    void heldBytesNeverPassTheLimitByMoreThanOneRead(@ForAll @Size(max = 3000) byte[] junk, @ForAll long seed) {
        long limit = 256;
        DecoderHarness.Run run = DecoderHarness.decode(junk, new Random(seed), false, limit);
        assertThat(run.maxHeld()).isLessThanOrEqualTo(limit + 64 + 16);
    }
}
