package io.jsentinel.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

    private static String enc(RespValue v, int proto) {
        return new String(RespEncoder.toBytes(v, proto), StandardCharsets.UTF_8);
    }

    @Test
    void scalarsAreTheSameInBothProtocols() {
        for (int p : new int[] {2, 3}) {
            assertThat(enc(RespValue.simple("OK"), p)).isEqualTo("+OK\r\n");
            assertThat(enc(RespValue.error("ERR x"), p)).isEqualTo("-ERR x\r\n");
            assertThat(enc(RespValue.integer(-12), p)).isEqualTo(":-12\r\n");
            assertThat(enc(RespValue.bulk("ab"), p)).isEqualTo("$2\r\nab\r\n");
            assertThat(enc(RespValue.bulk(""), p)).isEqualTo("$0\r\n\r\n");
            assertThat(enc(RespValue.array(RespValue.integer(1), RespValue.bulk("x")), p)).isEqualTo("*2\r\n:1\r\n$1\r\nx\r\n");
        }
    }

    @Test
    void nullsAndAggregatesDowngradeInResp2() {
        assertThat(enc(RespValue.NULL, 2)).isEqualTo("$-1\r\n");
        assertThat(enc(RespValue.NULL, 3)).isEqualTo("_\r\n");
        assertThat(enc(RespValue.NULL_ARRAY, 2)).isEqualTo("*-1\r\n");
        assertThat(enc(RespValue.NULL_ARRAY, 3)).isEqualTo("_\r\n");
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        m.put(RespValue.bulk("a"), RespValue.integer(1));
        m.put(RespValue.bulk("b"), RespValue.bulk("c"));
        assertThat(enc(new RespValue.MapValue(m), 2)).isEqualTo("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(enc(new RespValue.MapValue(m), 3)).isEqualTo("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$1\r\nc\r\n");
        RespValue set = new RespValue.SetValue(List.of(RespValue.simple("x")));
        assertThat(enc(set, 2)).isEqualTo("*1\r\n+x\r\n");
        assertThat(enc(set, 3)).isEqualTo("~1\r\n+x\r\n");
        RespValue push = new RespValue.Push(List.of(RespValue.bulk("message")));
        assertThat(enc(push, 2)).isEqualTo("*1\r\n$7\r\nmessage\r\n");
        assertThat(enc(push, 3)).isEqualTo(">1\r\n$7\r\nmessage\r\n");
        assertThat(enc(new RespValue.Bool(true), 2)).isEqualTo(":1\r\n");
        assertThat(enc(new RespValue.Bool(false), 3)).isEqualTo("#f\r\n");
        assertThat(enc(new RespValue.Double(1.5), 2)).isEqualTo("$3\r\n1.5\r\n");
        assertThat(enc(new RespValue.Double(1.5), 3)).isEqualTo(",1.5\r\n");
        assertThat(enc(new RespValue.Double(Double.POSITIVE_INFINITY), 3)).isEqualTo(",inf\r\n");
    }

    @Test
    void errorTextsStayOnOneLine() {
        assertThat(enc(RespValue.error("ERR a\r\nb"), 2)).isEqualTo("-ERR a  b\r\n");
    }

    @Test
    void readerRoundTripsEncoderOutput() {
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        m.put(RespValue.bulk("k"), new RespValue.SetValue(List.of(RespValue.simple("v"), RespValue.NULL)));
        RespValue v = RespValue.array(new RespValue.MapValue(m), RespValue.integer(7), RespValue.error("ERR e"));
        assertThat(RespReader.parse(RespEncoder.toBytes(v, 3))).isEqualTo(v);
    }
}
