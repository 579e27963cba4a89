package io.jsentinel.link;

/**
 * A hello message on {@code __sentinel__:hello} (protocol doc §4.1): eight comma-separated fields,
 * no spaces.
 *
 * @param sentinelIp the announcing sentinel's address
 * @param sentinelPort its port
 * @param runId its myid
 * @param currentEpoch its current epoch
 * @param masterName the master the hello is about
 * @param masterIp that master's current address
 * @param masterPort that master's current port
 * @param masterConfigEpoch that master's config epoch
 */
public record Hello(
        String sentinelIp,
        int sentinelPort,
        String runId,
        long currentEpoch,
        String masterName,
        String masterIp,
        int masterPort,
        long masterConfigEpoch) {

    /** The pub/sub channel hellos travel on. */
    public static final String CHANNEL = "__sentinel__:hello";

    /**
     * Parses a payload; null unless it has exactly eight fields with non-empty addresses, numeric ports
     * (0..65535) and epochs (unsigned 64-bit decimal, as Redis stores them).
     */
    public static Hello parse(String payload) {
        if (payload == null) {
            return null;
        }
        String[] f = payload.split(",", -1);
        if (f.length != 8) {
            return null;
        }
        Integer sentinelPort = port(f[1]);
        Long currentEpoch = epoch(f[3]);
        Integer masterPort = port(f[6]);
        Long configEpoch = epoch(f[7]);
        if (sentinelPort == null || currentEpoch == null || masterPort == null || configEpoch == null) {
            return null;
        }
        // Redis cannot resolve an empty address, so it never creates or switches to one.
        if (f[0].isEmpty() || f[5].isEmpty()) {
            return null;
        }
        return new Hello(f[0], sentinelPort, f[2], currentEpoch, f[4], f[5], masterPort, configEpoch);
    }

    /** The payload for these fields, in §4.1 order. */
    public static String format(String sentinelIp, int sentinelPort, String runId, long currentEpoch,
            String masterName, String masterIp, int masterPort, long masterConfigEpoch) {
        return sentinelIp + "," + sentinelPort + "," + runId + "," + Long.toUnsignedString(currentEpoch) + ","
                + masterName + "," + masterIp + "," + masterPort + "," + Long.toUnsignedString(masterConfigEpoch);
    }

    /** This hello's payload. */
    public String format() {
        return format(sentinelIp, sentinelPort, runId, currentEpoch, masterName, masterIp, masterPort,
                masterConfigEpoch);
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Integer port(String s) {
        if (!digits(s) || s.length() > 5) {
            return null;
        }
        int p = Integer.parseInt(s);
        return p <= 65535 ? p : null;
    }

    private static Long epoch(String s) {
        if (!digits(s)) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
