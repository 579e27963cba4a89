package io.jsentinel.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the text of an {@code INFO} reply the way a Redis 7.0 sentinel does (protocol doc §3.1):
 * line by line, by prefix, with C {@code atoi}/{@code strtoll} number semantics (leading digits,
 * garbage ignored). Pure: no state, never throws on bad input.
 */
public final class InfoParser {

    private static final int RUN_ID_LENGTH = 40;

    private InfoParser() {
    }

    /** Parses {@code infoText}; a null text gives an empty report. */
    public static InfoReport parse(String infoText) {
        String runId = null;
        InfoReport.Role role = InfoReport.Role.UNKNOWN;
        List<Endpoint> replicas = new ArrayList<>();
        String masterHost = null;
        int masterPort = 0;
        boolean masterLinkUp = false;
        long linkDownMillis = 0;
        int priority = InfoReport.DEFAULT_SLAVE_PRIORITY;
        long offset = 0;
        boolean announced = true;
        InfoReport.NodeFailover failover = InfoReport.NodeFailover.NOT_REPORTED;
        long uptime = -1;
        long serverTime = -1;

        for (String l : lines(infoText)) {
            if (l.length() >= 7 + RUN_ID_LENGTH && l.startsWith("run_id:")) {
                runId = l.substring(7, 7 + RUN_ID_LENGTH);
            }
            if (l.length() >= 7 && l.startsWith("slave") && isDigit(l.charAt(5))) {
                Endpoint replica = replicaLine(l);
                if (replica != null) {
                    replicas.add(replica);
                }
            }
            if (l.length() >= 32 && l.startsWith("master_link_down_since_seconds")) {
                linkDownMillis = saturatedMillis(strtoll(l, 31));
            }
            if (l.startsWith("role:master")) {
                role = InfoReport.Role.MASTER;
            } else if (l.startsWith("role:slave")) {
                role = InfoReport.Role.SLAVE;
            }
            if (l.startsWith("master_failover_state:")) {
                failover = l.substring(22).equals("no-failover") ? InfoReport.NodeFailover.NONE
                        : InfoReport.NodeFailover.IN_PROGRESS;
            }
            // for the alarms only (docs/churn.md): a value without digits is no value
            if (l.startsWith("uptime_in_seconds:") && l.length() > 18 && isDigit(l.charAt(18))) {
                uptime = strtoll(l, 18);
            }
            if (l.startsWith("server_time_usec:") && l.length() > 17 && isDigit(l.charAt(17))) {
                serverTime = strtoll(l, 17);
            }
            if (role != InfoReport.Role.SLAVE) {
                continue;
            }
            if (l.length() >= 12 && l.startsWith("master_host:")) {
                masterHost = l.substring(12);
            }
            if (l.length() >= 12 && l.startsWith("master_port:")) {
                masterPort = (int) strtoll(l, 12);
            }
            if (l.length() >= 19 && l.startsWith("master_link_status:")) {
                masterLinkUp = l.substring(19).toLowerCase(Locale.ROOT).equals("up");
            }
            if (l.length() >= 15 && l.startsWith("slave_priority:")) {
                priority = (int) strtoll(l, 15);
            }
            if (l.length() >= 18 && l.startsWith("slave_repl_offset:")) {
                offset = strtoll(l, 18);
            }
            if (l.length() >= 18 && l.startsWith("replica_announced:")) {
                announced = strtoll(l, 18) != 0;
            }
        }
        return new InfoReport(runId, role, replicas, masterHost, masterPort, masterLinkUp, linkDownMillis,
                priority, offset, announced, failover, uptime, serverTime);
    }

    /**
     * {@code slave0:ip=10.0.0.2,port=6379,state=online,...}, or the pre-2.8
     * {@code slave0:10.0.0.2,6379,online}. Null when the line cannot give an address.
     */
    static Endpoint replicaLine(String l) {
        String ip;
        String port;
        int ipAt = l.indexOf("ip=");
        if (ipAt < 0) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                return null;
            }
            int comma = l.indexOf(',', colon + 1);
            if (comma < 0) {
                return null;
            }
            int next = l.indexOf(',', comma + 1);
            if (next < 0) {
                return null;
            }
            ip = l.substring(colon + 1, comma);
            port = l.substring(comma + 1, next);
        } else {
            int portAt = l.indexOf("port=");
            if (portAt < 0) {
                return null;
            }
            ip = untilComma(l, ipAt + 3);
            port = untilComma(l, portAt + 5);
        }
        long p = strtoll(port, 0);
        if (ip.isEmpty() || p < 0 || p > 65535) {
            return null;
        }
        return new Endpoint(ip, (int) p);
    }

    private static long saturatedMillis(long seconds) {
        if (seconds > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        return seconds < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : seconds * 1000;
    }

    private static String untilComma(String s, int from) {
        int end = s.indexOf(',', from);
        return end < 0 ? s.substring(from) : s.substring(from, end);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        // String.split with a two-character separator compiles a regex on every call (every INFO reply).
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf("\r\n"); at >= 0; at = text.indexOf("\r\n", from)) {
            out.add(text.substring(from, at));
            from = at + 2;
        }
        out.add(text.substring(from));
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * C {@code strtoll}/{@code atoi} from {@code from}: optional blanks and sign, then digits up to
     * the first non-digit; 0 when there are none. Saturates instead of overflowing.
     */
    static long strtoll(String s, int from) {
        int i = from;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < n && isDigit(s.charAt(i))) {
            int d = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + d;
            i++;
        }
        return negative ? -value : value;
    }
}
