package io.jsentinel.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parsed RESP2/RESP3 reply with its type marker kept, so tests can compare shapes.
 *
 * <p>{@code type} is the RESP marker: {@code + - : $ * % ~ > _ , # ( =}. A RESP2 null bulk is
 * {@code $} with a null {@code text}; a RESP2 null array is {@code *} with null {@code items}. Maps
 * ({@code %}) keep their entries as a flat key, value, key, value list in wire order.
 *
 * @param type  the marker character
 * @param text  the payload of scalar types, null for aggregates and nulls
 * @param items the children of aggregates (maps flattened), null for scalars and null arrays
 */
public record Resp(char type, String text, List<Resp> items) {

    public static Resp scalar(char type, String text) {
        return new Resp(type, text, null);
    }

    public static Resp aggregate(char type, List<Resp> items) {
        return new Resp(type, null, List.copyOf(items));
    }

    public boolean isError() {
        return type == '-' || type == '!';
    }

    /** True for {@code _}, {@code $-1} and {@code *-1}. */
    public boolean isNull() {
        return type == '_' || (type == '$' && text == null) || (type == '*' && items == null);
    }

    /** The text of a scalar; fails on aggregates so tests notice a wrong shape. */
    public String str() {
        if (items != null || (text == null && !isNull())) {
            throw new IllegalStateException("not a scalar reply: " + this);
        }
        return text;
    }

    public List<Resp> list() {
        if (items == null) {
            throw new IllegalStateException("not an aggregate reply: " + this);
        }
        return items;
    }

    public Resp get(int i) {
        return list().get(i);
    }

    public int size() {
        return list().size();
    }

    /**
     * Looks up a field in a RESP3 map or a RESP2 flat field/value array: the value following the first
     * scalar equal to {@code key} at an even position, or null.
     */
    public Resp field(String key) {
        List<Resp> l = list();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            if (key.equals(l.get(i).text())) {
                return l.get(i + 1);
            }
        }
        return null;
    }

    /** {@link #field} as text, or null when missing. */
    public String fieldStr(String key) {
        Resp v = field(key);
        return v == null ? null : v.text();
    }

    /** Field names of a map or flat field/value array, in wire order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        List<Resp> l = list();
        for (int i = 0; i < l.size(); i += 2) {
            keys.add(l.get(i).text());
        }
        return keys;
    }

    /** A compact one-line rendering with markers, e.g. {@code *2[$"a" :1]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    private void render(StringBuilder sb) {
        sb.append(type);
        if (items != null) {
            sb.append(type == '%' ? items.size() / 2 : items.size()).append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                items.get(i).render(sb);
            }
            sb.append(']');
        } else if (isNull()) {
            sb.append(type == '_' ? "" : "-1");
        } else {
            sb.append('"').append(Objects.requireNonNull(text).replace("\r\n", "\\r\\n")).append('"');
        }
    }
}
