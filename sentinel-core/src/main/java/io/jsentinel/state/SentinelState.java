package io.jsentinel.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** All mutable sentinel state; owned by the sentinel loop thread. */
public final class SentinelState {
    public String myId;
    public long currentEpoch;
    /** Masters by name, in configuration order. */
    public final Map<String, Instance> masters = new LinkedHashMap<>();
    public boolean tilt;
    /** Monotonic time of the last TILT trigger. */
    public long tiltStartTime;
    /** Wall-clock time of the previous tick (TILT detection). */
    public long previousTime;
    public boolean denyScriptsReconfig = true;
    public boolean resolveHostnames;
    public boolean announceHostnames;
    public String announceIp;
    public int announcePort;
    public String sentinelUser;
    public String sentinelPass;
    /** Our own requirepass: the password sent to peers when sentinel-pass is unset. */
    public String requirePass;
    /** The port we listen on, announced in hellos. */
    public int port;
    public int simFailureFlags;
    /** How long a peer or replica may go unseen before it is forgotten; 0: never (Redis). docs/churn.md */
    public long forgetStaleAfter;
    /**
     * The configured {@code dir}: relative script paths are checked and run from here, as Redis does after its
     * {@code chdir}; null means the process directory.
     */
    public String workingDir;
    public final Timers timers = new Timers();

    public static final int SIMFAILURE_CRASH_AFTER_ELECTION = 1;
    public static final int SIMFAILURE_CRASH_AFTER_PROMOTION = 2;
}
