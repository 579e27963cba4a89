package io.jsentinel.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A RESP2/RESP3 value, as sent by our server and as received by our links.
 *
 * <p>The encoder decides how each kind is written in each protocol: a {@link MapValue} is a RESP3
 * map, or a flat array in RESP2; {@link Null} is {@code _} in RESP3, {@code $-1} in RESP2;
 * {@link NullArray} is {@code _} in RESP3, {@code *-1} in RESP2; {@link Push} is {@code >} in RESP3,
 * an array in RESP2.
 */
public sealed interface RespValue {

    /** {@code +text}. */
    record SimpleString(String text) implements RespValue {
    }

    /** {@code -text}; {@code text} includes the code, e.g. {@code "ERR unknown command"}. */
    record Error(String text) implements RespValue {
    }

    /** {@code :n}. */
    record Integer(long value) implements RespValue {
    }

    /** {@code $len\r\nbytes}. */
    record BulkString(byte[] bytes) implements RespValue {
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BulkString b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "BulkString[" + utf8() + "]";
        }
    }

    /** {@code *n}. */
    record Array(List<RespValue> items) implements RespValue {
    }

    /** RESP3 {@code %n}; a flat key/value array in RESP2. Iteration order is kept. */
    record MapValue(Map<RespValue, RespValue> entries) implements RespValue {
    }

    /** RESP3 {@code ~n}; an array in RESP2. */
    record SetValue(List<RespValue> items) implements RespValue {
    }

    /** RESP3 {@code >n} push (pub/sub messages); an array in RESP2. */
    record Push(List<RespValue> items) implements RespValue {
    }

    /** A null bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    record Null() implements RespValue {
    }

    /** A null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    record NullArray() implements RespValue {
    }

    /** RESP3 {@code #t}/{@code #f}; {@code :1}/{@code :0} in RESP2. */
    record Bool(boolean value) implements RespValue {
    }

    /** RESP3 {@code ,d}; a bulk string in RESP2. */
    record Double(double value) implements RespValue {
    }

    RespValue OK = new SimpleString("OK");
    RespValue NULL = new Null();
    RespValue NULL_ARRAY = new NullArray();

    static RespValue simple(String s) {
        return new SimpleString(s);
    }

    static RespValue error(String s) {
        return new Error(s);
    }

    static RespValue integer(long n) {
        return new Integer(n);
    }

    static RespValue bulk(String s) {
        return s == null ? NULL : new BulkString(s.getBytes(StandardCharsets.UTF_8));
    }

    static RespValue bulk(byte[] b) {
        return b == null ? NULL : new BulkString(b);
    }

    static RespValue array(List<? extends RespValue> items) {
        return new Array(List.copyOf(items));
    }

    static RespValue array(RespValue... items) {
        return new Array(List.of(items));
    }
}
