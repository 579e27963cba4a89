package io.jsentinel.state;

import java.util.ArrayList;
import java.util.List;

/** Instance flag bits and their wire names, in the order SENTINEL MASTER(S) prints them (protocol doc §8.3). */
public final class Flags {
    public static final int MASTER = 1;
    public static final int SLAVE = 1 << 1;
    public static final int SENTINEL = 1 << 2;
    public static final int S_DOWN = 1 << 3;
    public static final int O_DOWN = 1 << 4;
    public static final int MASTER_DOWN = 1 << 5;
    public static final int FAILOVER_IN_PROGRESS = 1 << 6;
    public static final int PROMOTED = 1 << 7;
    public static final int RECONF_SENT = 1 << 8;
    public static final int RECONF_INPROG = 1 << 9;
    public static final int RECONF_DONE = 1 << 10;
    public static final int FORCE_FAILOVER = 1 << 11;
    public static final int SCRIPT_KILL_SENT = 1 << 12;
    public static final int MASTER_REBOOT = 1 << 13;
    /** A switchover through the primary's FAILOVER (SENTINEL FAILOVER ... COORDINATED); Valkey 9's flag. */
    public static final int COORD_FAILOVER = 1 << 14;

    private Flags() {
    }

    /**
     * The comma-joined flags field. {@code disconnected} is not a stored flag but the link state, so it
     * is passed in. 7.0 never prints {@code master_reboot}.
     */
    public static String describe(int flags, boolean disconnected) {
        List<String> out = new ArrayList<>();
        if ((flags & S_DOWN) != 0) out.add("s_down");
        if ((flags & O_DOWN) != 0) out.add("o_down");
        if ((flags & MASTER) != 0) out.add("master");
        if ((flags & SLAVE) != 0) out.add("slave");
        if ((flags & SENTINEL) != 0) out.add("sentinel");
        if (disconnected) out.add("disconnected");
        if ((flags & MASTER_DOWN) != 0) out.add("master_down");
        if ((flags & FAILOVER_IN_PROGRESS) != 0) out.add("failover_in_progress");
        if ((flags & PROMOTED) != 0) out.add("promoted");
        if ((flags & RECONF_SENT) != 0) out.add("reconf_sent");
        if ((flags & RECONF_INPROG) != 0) out.add("reconf_inprog");
        if ((flags & RECONF_DONE) != 0) out.add("reconf_done");
        if ((flags & FORCE_FAILOVER) != 0) out.add("force_failover");
        if ((flags & COORD_FAILOVER) != 0) out.add("coordinated_failover");
        if ((flags & SCRIPT_KILL_SENT) != 0) out.add("script_kill_sent");
        return String.join(",", out);
    }
}
