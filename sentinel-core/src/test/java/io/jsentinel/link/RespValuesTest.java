package io.jsentinel.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.resp.RespValue;
import org.junit.jupiter.api.Test;

class RespValuesTest {

    @Test
    void validPingReplies() {
        assertThat(RespValues.isValidPingReply(RespValue.simple("PONG"))).isTrue();
        assertThat(RespValues.isValidPingReply(RespValue.error("LOADING Redis is loading the dataset in memory")))
                .isTrue();
        assertThat(RespValues.isValidPingReply(RespValue.error("MASTERDOWN Link with MASTER is down"))).isTrue();
        assertThat(RespValues.isValidPingReply(RespValue.simple("PONGISH"))).isTrue();
    }

    /** Lettuce reports a status like a bulk string; real nodes never answer PING with a bulk string. */
    @Test
    void aBulkStringCountsAsAStatus() {
        assertThat(RespValues.isValidPingReply(RespValue.bulk("PONG"))).isTrue();
        assertThat(RespValues.isValidPingReply(RespValue.bulk("pong"))).isFalse();
        assertThat(RespValues.statusOrErrorText(RespValue.bulk("x"))).isEqualTo("x");
    }

    @Test
    void invalidPingReplies() {
        assertThat(RespValues.isValidPingReply(RespValue.error("NOAUTH Authentication required."))).isFalse();
        assertThat(RespValues.isValidPingReply(RespValue.error("BUSY Redis is busy running a script."))).isFalse();
        assertThat(RespValues.isValidPingReply(RespValue.error("MISCONF snapshot error"))).isFalse();
        assertThat(RespValues.isValidPingReply(RespValue.simple("pong"))).isFalse();
        assertThat(RespValues.isValidPingReply(null)).isFalse();
    }

    @Test
    void isMasterDownShape() {
        assertThat(RespValues.isIsMasterDownReply(
                RespValue.array(RespValue.integer(1), RespValue.bulk("*"), RespValue.integer(0)))).isTrue();
        assertThat(RespValues.isIsMasterDownReply(
                RespValue.array(RespValue.integer(1), RespValue.simple("*"), RespValue.integer(0)))).isFalse();
        assertThat(RespValues.isIsMasterDownReply(
                RespValue.array(RespValue.integer(1), RespValue.bulk("*")))).isFalse();
        assertThat(RespValues.isIsMasterDownReply(RespValue.array(RespValue.integer(1), RespValue.bulk("*"),
                RespValue.integer(0), RespValue.integer(0)))).isFalse();
        assertThat(RespValues.isIsMasterDownReply(
                RespValue.array(RespValue.bulk("1"), RespValue.bulk("*"), RespValue.integer(0)))).isFalse();
        assertThat(RespValues.isIsMasterDownReply(RespValue.error("ERR unknown command"))).isFalse();
        assertThat(RespValues.isIsMasterDownReply(null)).isFalse();
    }

    @Test
    void texts() {
        assertThat(RespValues.statusOrErrorText(RespValue.integer(1))).isNull();
        assertThat(RespValues.bulkText(RespValue.bulk("info"))).isEqualTo("info");
        assertThat(RespValues.bulkText(RespValue.error("ERR"))).isNull();
        assertThat(RespValues.isError(RespValue.error("ERR"))).isTrue();
    }

    @Test
    void fieldValuesReadsAFlatFieldListOrAMapWithTextAndIntegerValues() {
        RespValue flat = RespValue.array(RespValue.bulk("ip"), RespValue.bulk("10.0.0.1"), RespValue.bulk("port"),
                RespValue.integer(6379), RespValue.bulk("nested"), RespValue.array(), RespValue.bulk("odd"));
        assertThat(RespValues.fieldValues(flat)).containsExactly(java.util.Map.entry("ip", "10.0.0.1"),
                java.util.Map.entry("port", "6379"));
        java.util.Map<RespValue, RespValue> entries = new java.util.LinkedHashMap<>();
        entries.put(RespValue.simple("config-epoch"), RespValue.bulk("7"));
        entries.put(RespValue.integer(1), RespValue.bulk("one"));
        assertThat(RespValues.fieldValues(new RespValue.MapValue(entries))).containsEntry("config-epoch", "7")
                .containsEntry("1", "one");
        assertThat(RespValues.fieldValues(RespValue.error("NOPERM"))).isNull();
        assertThat(RespValues.fieldValues(RespValue.bulk("ip"))).isNull();
    }
}
