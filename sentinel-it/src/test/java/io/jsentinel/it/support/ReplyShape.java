package io.jsentinel.it.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Normalisations applied to a reply before two implementations' replies are compared: values that
 * legitimately differ (ids, times, counters) are replaced by their type marker, while types, aggregate
 * lengths, field names and order, status and error texts stay as they are.
 */
public final class ReplyShape {
    /**
     * Fields of instance descriptions (protocol doc §8.3) whose values depend on timing or identity.
     * {@code master-link-status} is here because it comes from the replica's last INFO (every 10 s): a
     * replica still syncing reports {@code err} with {@code master-link-down-time -1000} for a while.
     */
    public static final Set<String> VOLATILE_FIELDS = Set.of("runid", "link-pending-commands", "link-refcount",
            "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "s-down-time", "o-down-time",
            "info-refresh", "role-reported-time", "master-link-down-time", "master-link-status",
            "slave-repl-offset",
            "last-hello-message", "voted-leader", "voted-leader-epoch");

    private static final String MASKED = "<masked>";

    private ReplyShape() {
    }

    /** Compare everything. */
    public static UnaryOperator<Resp> exact() {
        return r -> r;
    }

    /** Every scalar becomes its type marker; aggregate types and lengths remain. */
    public static UnaryOperator<Resp> typesOnly() {
        return ReplyShape::maskAll;
    }

    /**
     * In RESP3 maps and in RESP2 flat field/value arrays, replaces the value of each named field by a
     * marker (at any depth).
     */
    public static UnaryOperator<Resp> maskFields(Set<String> fields) {
        return r -> maskFields(r, fields);
    }

    /** Sorts the elements of a top-level array by the value of {@code field} (e.g. replicas by name). */
    public static UnaryOperator<Resp> sortBy(String field) {
        return r -> {
            if (r.items() == null || r.type() == '%') {
                return r;
            }
            List<Resp> copy = new ArrayList<>(r.items());
            copy.sort(Comparator.comparing(e -> e.items() == null ? "" : String.valueOf(e.fieldStr(field))));
            return Resp.aggregate(r.type(), copy);
        };
    }

    /**
     * For INFO: the reply type and, of its text, section headers and field names only
     * ({@code # Server}, {@code redis_version:}, ...), one per line.
     */
    public static UnaryOperator<Resp> infoFieldNames() {
        return r -> {
            if (r.text() == null) {
                return r;
            }
            StringBuilder sb = new StringBuilder();
            for (String line : r.text().split("\r\n")) {
                int colon = line.indexOf(':');
                sb.append(colon < 0 ? line : line.substring(0, colon + 1)).append('\n');
            }
            return Resp.scalar(r.type(), sb.toString());
        };
    }

    /** Applies {@code first} then {@code second}. */
    public static UnaryOperator<Resp> then(UnaryOperator<Resp> first, UnaryOperator<Resp> second) {
        return r -> second.apply(first.apply(r));
    }

    private static boolean isFlatFieldList(List<Resp> in) {
        if (in.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < in.size(); i += 2) {
            if (in.get(i).items() != null || in.get(i).text() == null) {
                return false;
            }
        }
        return true;
    }

    private static Resp maskAll(Resp r) {
        if (r.items() != null) {
            return Resp.aggregate(r.type(), r.items().stream().map(ReplyShape::maskAll).toList());
        }
        return r.isNull() ? r : Resp.scalar(r.type(), MASKED);
    }

    private static Resp maskFields(Resp r, Set<String> fields) {
        if (r.items() == null) {
            return r;
        }
        List<Resp> in = r.items();
        List<Resp> out = new ArrayList<>(in.size());
        boolean fieldList = r.type() == '%' || isFlatFieldList(in);
        for (int i = 0; i < in.size(); i++) {
            Resp e = in.get(i);
            boolean isValue = fieldList && i % 2 == 1 && fields.contains(in.get(i - 1).text());
            out.add(isValue ? (e.items() != null ? maskAll(e) : e.isNull() ? e : Resp.scalar(e.type(), MASKED))
                    : maskFields(e, fields));
        }
        return Resp.aggregate(r.type(), out);
    }
}
