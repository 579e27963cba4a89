package io.jsentinel.link;

import io.jsentinel.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reply checks the sentinel applies to what its links receive. */
public final class RespValues {

    private RespValues() {
    }

    /**
     * A PING reply that counts as "available" (protocol doc §2.3): a status or error whose text
     * begins with {@code PONG}, {@code LOADING} or {@code MASTERDOWN}. A bulk string counts as a status
     * (see {@link #statusOrErrorText}).
     */
    public static boolean isValidPingReply(RespValue reply) {
        String text = statusOrErrorText(reply);
        return text != null
                && (text.startsWith("PONG") || text.startsWith("LOADING") || text.startsWith("MASTERDOWN"));
    }

    /**
     * The text of a status or error reply, or null for any other kind. A bulk string counts as a status:
     * the production links (Lettuce) report both alike, and real nodes and sentinels answer with a status
     * where the sentinel reads one (docs/compatibility.md, leniencies).
     */
    public static String statusOrErrorText(RespValue reply) {
        if (reply instanceof RespValue.SimpleString s) {
            return s.text();
        }
        if (reply instanceof RespValue.BulkString b) {
            return b.utf8();
        }
        if (reply instanceof RespValue.Error e) {
            return e.text();
        }
        return null;
    }

    /** True for an error reply. */
    public static boolean isError(RespValue reply) {
        return reply instanceof RespValue.Error;
    }

    /**
     * The strict shape a sentinel accepts for {@code SENTINEL is-master-down-by-addr} (§5.3): exactly
     * three elements, integer, bulk string, integer. (The Lettuce links report a status as a bulk string,
     * so over them a status in second place passes too.)
     */
    public static boolean isIsMasterDownReply(RespValue reply) {
        if (!(reply instanceof RespValue.Array a) || a.items().size() != 3) {
            return false;
        }
        List<RespValue> items = a.items();
        return items.get(0) instanceof RespValue.Integer
                && items.get(1) instanceof RespValue.BulkString
                && items.get(2) instanceof RespValue.Integer;
    }

    /** The bytes of a bulk string as UTF-8 text, or null for any other kind (e.g. an INFO error). */
    public static String bulkText(RespValue reply) {
        return reply instanceof RespValue.BulkString b ? b.utf8() : null;
    }

    /**
     * A field/value reply, as {@code SENTINEL MASTER}'s (a flat array in RESP2, a map in RESP3), with its values as
     * text (integers in decimal); null for any other shape. Fields whose name or value is not a string or integer
     * are left out.
     */
    public static Map<String, String> fieldValues(RespValue reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply instanceof RespValue.Array a) {
            List<RespValue> items = a.items();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                putField(fields, items.get(i), items.get(i + 1));
            }
        } else if (reply instanceof RespValue.MapValue m) {
            for (Map.Entry<RespValue, RespValue> e : m.entries().entrySet()) {
                putField(fields, e.getKey(), e.getValue());
            }
        } else {
            return null;
        }
        return fields;
    }

    private static void putField(Map<String, String> fields, RespValue name, RespValue value) {
        String n = scalarText(name);
        String v = scalarText(value);
        if (n != null && v != null) {
            fields.put(n, v);
        }
    }

    private static String scalarText(RespValue v) {
        if (v instanceof RespValue.BulkString b) {
            return new String(b.bytes(), StandardCharsets.UTF_8);
        }
        if (v instanceof RespValue.SimpleString s) {
            return s.text();
        }
        return v instanceof RespValue.Integer i ? Long.toString(i.value()) : null;
    }
}
