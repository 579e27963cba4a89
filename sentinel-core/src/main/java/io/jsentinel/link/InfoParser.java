package io.jsentinel.link;

import java.util.ArrayList;
import java.util.List;

/** Parses the INFO text of a Redis node the way redis-sentinel 7.0 reads it (protocol doc §3.1). */
public final class InfoParser {
    private InfoParser() {
    }

    public static InfoReport parse(String info) {
        String runId = null;
        String role = null;
        List<Endpoint> slaves = new ArrayList<>();
        long linkDown = 0;
        String masterHost = null;
        Integer masterPort = null;
        Boolean linkUp = null;
        Integer priority = null;
        Long offset = null;
        Boolean announced = null;
        for (String l : info.split("\r\n")) {
            if (l.length() >= 47 && l.startsWith("run_id:")) {
                runId = l.substring(7, 47);
            } else if (l.startsWith("slave") && l.length() > 5 && Character.isDigit(l.charAt(5))
                    && l.indexOf(':') > 0) {
                Endpoint e = parseSlaveLine(l.substring(l.indexOf(':') + 1));
                if (e != null) {
                    slaves.add(e);
                }
            } else if (l.startsWith("master_link_down_since_seconds:")) {
                Long v = parseLong(l.substring(32));
                if (v != null) {
                    linkDown = v * 1000;
                }
            } else if (l.startsWith("role:master")) {
                role = "master";
            } else if (l.startsWith("role:slave")) {
                role = "slave";
            } else if ("slave".equals(role)) {
                if (l.startsWith("master_host:")) {
                    masterHost = l.substring(12);
                } else if (l.startsWith("master_port:")) {
                    Long v = parseLong(l.substring(12));
                    if (v != null && v >= 0 && v <= 65535) {
                        masterPort = v.intValue();
                    }
                } else if (l.startsWith("master_link_status:")) {
                    linkUp = l.substring(19).equalsIgnoreCase("up");
                } else if (l.startsWith("slave_priority:")) {
                    Long v = parseLong(l.substring(15));
                    if (v != null && v >= 0 && v <= Integer.MAX_VALUE) {
                        priority = v.intValue();
                    }
                } else if (l.startsWith("slave_repl_offset:")) {
                    try {
                        offset = Long.parseUnsignedLong(l.substring(18));
                    } catch (NumberFormatException e) {
                        // keep the previous offset
                    }
                } else if (l.startsWith("replica_announced:")) {
                    announced = !"0".equals(l.substring(18));
                }
            }
        }
        return new InfoReport(runId, role, List.copyOf(slaves), linkDown, masterHost, masterPort, linkUp, priority,
                offset, announced);
    }

    /** {@code ip=..,port=..,state=..} (2.8+) or the old {@code <ip>,<port>,<state>} form. */
    private static Endpoint parseSlaveLine(String v) {
        String ip = null;
        String port = null;
        if (v.contains("=")) {
            for (String kv : v.split(",")) {
                if (kv.startsWith("ip=")) {
                    ip = kv.substring(3);
                } else if (kv.startsWith("port=")) {
                    port = kv.substring(5);
                }
            }
        } else {
            String[] t = v.split(",");
            if (t.length >= 2) {
                ip = t[0];
                port = t[1];
            }
        }
        Long p = port == null ? null : parseLong(port);
        if (ip == null || ip.isEmpty() || p == null || p <= 0 || p > 65535) {
            return null;
        }
        return new Endpoint(ip, p.intValue());
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
