package io.jsentinel.sim;

import io.jsentinel.core.SentinelCore;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A sentinel process: a production {@link SentinelCore} with simulated links, its own clock view and
 * config store, ticking every 52-100 ms of virtual time. A restart builds a new core from what the
 * store persisted.
 */
final class SimSentinel extends SimProcess {
    /** Monotonic time at virtual time zero: far from zero, as on a host that has been up a while. */
    private static final long VIRTUAL_START_NANOS = 1_000_000L * 1_000_000L;
    final int index;
    final SimConfigStore store;
    final FakeClock clock;
    SentinelCore core;
    /** Outgoing connections of the current life. */
    final List<SimConnection> connections = new ArrayList<>();
    private Random random;
    private int tickGen;
    /** Wall-clock time of this life's start, for INFO's uptime. */
    private long bootWallMillis;

    SimSentinel(World world, int index, Endpoint addr, SimConfigStore store) {
        super(world, addr);
        this.index = index;
        this.store = store;
        // the monotonic clock is the shared virtual time; the wall clock keeps this sentinel's own jumps
        this.clock = FakeClock.following(world.sched::now, VIRTUAL_START_NANOS, FakeClock.WALL_START_MILLIS);
        // not running until its first boot: a peer that connects earlier is refused, as by a real host
        this.alive = false;
    }

    /** Starts a new life from the persisted config. */
    void boot() {
        alive = true;
        paused = false;
        bootWallMillis = clock.wallMillis();
        random = new Random(world.rnd.nextLong());
        core = new SentinelCore(store.saved(), store, new RecordingLinks(this::dial), clock, random);
        world.scenario.applyTimers(core.state().timers);
        core.events().addSink(e -> world.onEvent(this, e));
        core.setCrashHandler(status -> world.sched.after(0, () -> world.crashSentinel(this, 1000)));
        core.start();
        scheduleTick();
    }

    /** The links of this life: connections over the simulated network, their callbacks on the simulation thread. */
    private Connection dial(Endpoint target, ConnectionListener listener, boolean pubsub) {
        SimProcess server = world.process(target);
        if (server == null) {
            // nobody at that address: a host that never answers
            return new UnreachableConnection(world, this, listener);
        }
        SimConnection c = new SimConnection(world, this, server, listener, pubsub);
        connections.add(c);
        return c;
    }

    void scheduleTick() {
        int gen = ++tickGen;
        int inc = incarnation;
        world.sched.after(52 + random.nextInt(49), () -> {
            if (!alive || paused || gen != tickGen || inc != incarnation) {
                return;
            }
            core.tick();
            scheduleTick();
        });
    }

    @Override
    void crash() {
        super.crash();
        for (SimConnection c : List.copyOf(connections)) {
            c.clientCrashed();
        }
        connections.clear();
        core = null;
        tickGen++;
    }

    void resume() {
        paused = false;
        scheduleTick();
    }

    @Override
    RespValue handle(SimConnection c, List<byte[]> argv) {
        String cmd = SimRedis.str(argv, 0).toUpperCase(Locale.ROOT);
        switch (cmd) {
            case "PING":
                return new RespValue.SimpleString("PONG");
            case "AUTH":
            case "CLIENT":
                return new RespValue.SimpleString("OK");
            case "SENTINEL": {
                RespValue r = core.commands().execute(argv);
                world.invariants.onSentinelReply(c, this, argv, r);
                return r;
            }
            case "INFO":
                // what the peers' audit reads (docs/churn.md, "Alarms"): this sentinel's own clock, jumps included
                return RespValue.bulk("# Server\r\nredis_mode:sentinel\r\nserver_time_usec:" + clock.wallMillis() * 1000
                        + "\r\nuptime_in_seconds:" + Math.max(0, (clock.wallMillis() - bootWallMillis) / 1000) + "\r\n");
            case "PUBLISH":
                if (argv.size() == 3 && SimRedis.str(argv, 1).equals("__sentinel__:hello")) {
                    core.processHello(new String(argv.get(2), StandardCharsets.UTF_8));
                    return new RespValue.Integer(1);
                }
                return new RespValue.Error("ERR Only HELLO messages are accepted by Sentinel instances.");
            default:
                return new RespValue.Error("ERR unknown command '" + cmd + "'");
        }
    }

    String myId() {
        return store.saved().myId();
    }
}
