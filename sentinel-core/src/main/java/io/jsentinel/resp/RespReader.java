package io.jsentinel.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one complete RESP2/RESP3 reply held in memory (bundled resources, tests). Not for network
 * input: the network side uses {@link RespDecoder}.
 */
public final class RespReader {
    private final byte[] data;
    private int pos;

    private RespReader(byte[] data) {
        this.data = data;
    }

    /** Parses the first value of {@code data}. */
    public static RespValue parse(byte[] data) {
        return new RespReader(data).read();
    }

    private RespValue read() {
        byte marker = data[pos++];
        String line = line();
        return switch (marker) {
            case '+' -> new RespValue.SimpleString(line);
            case '-' -> new RespValue.Error(line);
            case ':' -> new RespValue.Integer(Long.parseLong(line));
            case '$' -> {
                int len = java.lang.Integer.parseInt(line);
                if (len < 0) {
                    yield RespValue.NULL;
                }
                byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + len);
                pos += len + 2;
                yield new RespValue.BulkString(b);
            }
            case '*' -> {
                int n = java.lang.Integer.parseInt(line);
                yield n < 0 ? RespValue.NULL_ARRAY : new RespValue.Array(items(n));
            }
            case '~' -> new RespValue.SetValue(items(java.lang.Integer.parseInt(line)));
            case '>' -> new RespValue.Push(items(java.lang.Integer.parseInt(line)));
            case '%' -> {
                int n = java.lang.Integer.parseInt(line);
                Map<RespValue, RespValue> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    RespValue k = read();
                    m.put(k, read());
                }
                yield new RespValue.MapValue(m);
            }
            case '_' -> RespValue.NULL;
            case '#' -> new RespValue.Bool(line.equals("t"));
            case ',' -> new RespValue.Double(java.lang.Double.parseDouble(line));
            default -> throw new IllegalArgumentException("marker: " + (char) marker + " (expected: a RESP type)");
        };
    }

    private List<RespValue> items(int n) {
        List<RespValue> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read());
        }
        return List.copyOf(list);
    }

    private String line() {
        int start = pos;
        while (data[pos] != '\r') {
            pos++;
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos += 2;
        return s;
    }
}
