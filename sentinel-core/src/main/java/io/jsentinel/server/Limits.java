package io.jsentinel.server;

import io.jsentinel.config.ServerSettings;
import io.jsentinel.resp.RespDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Client limits: {@code maxclients} (Redis default 10000), {@code timeout} (default 0: never), and the
 * query buffer bound. Redis' {@code client-query-buffer-limit} defaults to 1gb; a sentinel's commands are
 * tiny, so unless the directive is set we bound each client at {@link RespDecoder#DEFAULT_QUERY_BUFFER_LIMIT}
 * (1 MiB), and all clients together at {@link SentinelServer#DEFAULT_TOTAL_QUERY_BUFFER_LIMIT}.
 *
 * @param maxClients connections accepted at once; the next gets {@code -ERR max number of clients reached}
 * @param idleTimeoutSeconds idle seconds before a non-subscribed client is closed; 0 disables
 * @param queryBufferLimit bytes one client may have buffered
 * @param totalQueryBufferLimit bytes all clients may have buffered together
 */
public record Limits(int maxClients, int idleTimeoutSeconds, long queryBufferLimit, long totalQueryBufferLimit) {

    public static Limits from(ServerSettings s) {
        long maxClients = number(s.genericArgs("maxclients"), 10000);
        long timeout = number(s.genericArgs("timeout"), 0);
        long qbuf = number(s.genericArgs("client-query-buffer-limit"), RespDecoder.DEFAULT_QUERY_BUFFER_LIMIT);
        return new Limits((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxClients)),
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout)), qbuf,
                Math.max(qbuf, SentinelServer.DEFAULT_TOTAL_QUERY_BUFFER_LIMIT));
    }

    /** Parses a plain number or a Redis memory value ({@code 1mb}, {@code 2gb}, {@code 512k}...). */
    static long number(List<String> args, long dflt) {
        if (args == null || args.isEmpty()) {
            return dflt;
        }
        String v = args.get(0).toLowerCase(Locale.ROOT).trim();
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return dflt;
        }
    }
}
