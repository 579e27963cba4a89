package io.jsentinel.runtime;

import io.jsentinel.config.ConfigDocument;
import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.core.SentinelCore;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.resp.RespValue;
import io.jsentinel.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted failover played on a throwaway core with in-memory links and a simulated clock. Only the
 * build-time class-data training ({@code redis-sentinel --cds-training}) plays it, so that the archive the
 * build makes holds the classes of the vote, config rewrite, promotion and hello switch, which a sentinel that
 * so far has only pinged and read INFO would otherwise load from the jar on its first failover. A running
 * sentinel never plays it. Nothing of the rehearsal leaves the process: no sockets, no files, no log lines,
 * no events to sinks.
 */
public final class Rehearsal {
    static final Endpoint MASTER = new Endpoint("192.0.2.1", 6379);
    static final Endpoint REPLICA1 = new Endpoint("192.0.2.2", 6379);
    static final Endpoint REPLICA2 = new Endpoint("192.0.2.3", 6379);
    static final Endpoint PEER1 = new Endpoint("192.0.2.11", 26379);
    static final Endpoint PEER2 = new Endpoint("192.0.2.12", 26379);
    static final String MY_ID = "0".repeat(40);
    static final String PEER1_ID = "e".repeat(40);
    static final String PEER2_ID = "f".repeat(40);
    static final String NAME = "rehearsal";

    private Rehearsal() {
    }

    /** What one rehearsal saw: the events in order, and whether both the leader and follower paths ran. */
    public record Result(List<String> events, boolean failedOver, boolean followedHello) {
        public boolean complete() {
            return failedOver && followedHello;
        }
    }

    /** Plays {@code rounds} rehearsals; returns the last one's result. */
    public static Result run(int rounds) {
        Result r = null;
        for (int i = 0; i < rounds; i++) {
            r = once(i);
        }
        return r;
    }

    static Result once(int seed) {
        ManualClock clock = new ManualClock();
        ScriptedNodes nodes = new ScriptedNodes();
        MasterConfig mc = new MasterConfig(NAME, MASTER.host(), MASTER.port(), 2, 1000, 5000, 1, null, "secret",
                null, null, 0, Map.of(), 0, 0, List.of(REPLICA1, REPLICA2),
                List.of(new KnownSentinel(PEER1.host(), PEER1.port(), PEER1_ID),
                        new KnownSentinel(PEER2.host(), PEER2.port(), PEER2_ID)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        ConfigDocument doc = new ConfigDocument(null, "port 26379\nsentinel monitor " + NAME + " "
                + MASTER.host() + " " + MASTER.port() + " 2\n");
        List<String> rewritten = new ArrayList<>();
        SentinelCore core = new SentinelCore(cfg, c -> rewritten.add(doc.rewrite(c)), nodes, clock,
                new Random(seed));
        core.events().mute();
        List<String> events = new ArrayList<>();
        core.events().addSink(e -> events.add(e.type()));
        core.start();
        play(core, clock, nodes, 3000);

        nodes.masterAlive = false;
        nodes.dropAll(MASTER);
        play(core, clock, nodes, 6000);
        boolean failedOver = events.contains("+switch-master");

        // The follower's path: a peer's hello with a newer config epoch moves the master.
        long epoch = core.state().currentEpoch + 1;
        core.processHello(PEER1.host() + "," + PEER1.port() + "," + PEER1_ID + "," + epoch + "," + NAME + ","
                + REPLICA2.host() + "," + REPLICA2.port() + "," + epoch);
        boolean followed = events.stream().filter("+switch-master"::equals).count() >= 2;
        core.commands().execute(argv("SENTINEL", "get-master-addr-by-name", NAME));
        core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", REPLICA2.host(),
                Integer.toString(REPLICA2.port()), Long.toString(epoch + 1), PEER2_ID));
        core.closeAllLinks();
        return new Result(events, failedOver, followed);
    }

    private static void play(SentinelCore core, ManualClock clock, ScriptedNodes nodes, long millis) {
        for (long t = 0; t < millis; t += 50) {
            clock.advance(50);
            core.tick();
            nodes.deliver();
        }
    }

    private static List<byte[]> argv(String... args) {
        List<byte[]> out = new ArrayList<>(args.length);
        for (String a : args) {
            out.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A clock moved by hand; wall and monotonic time advance together. */
    static final class ManualClock implements Clock {
        private long nanos = 1_000_000_000L;

        void advance(long millis) {
            nanos += millis * 1_000_000L;
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long wallMillis() {
            return 1_700_000_000_000L + nanos / 1_000_000L;
        }
    }

    /**
     * Redis nodes and peer sentinels played from a script. Connects and replies are queued and
     * delivered after the tick that caused them, as a network would.
     */
    static final class ScriptedNodes implements LinkFactory {
        boolean masterAlive = true;
        /** Replica address → the address it replicates from, or null once promoted. */
        private final Map<Endpoint, Endpoint> replicaOf = new HashMap<>(Map.of(REPLICA1, MASTER, REPLICA2, MASTER));
        private final Queue<Runnable> network = new ArrayDeque<>();
        private final Set<Node> open = ConcurrentHashMap.newKeySet();

        void deliver() {
            for (int i = 0; i < 10_000 && !network.isEmpty(); i++) {
                network.poll().run();
            }
        }

        void dropAll(Endpoint target) {
            for (Node n : List.copyOf(open)) {
                if (n.target.equals(target)) {
                    n.drop();
                }
            }
        }

        @Override
        public Connection openCommand(Endpoint target, ConnectionListener listener) {
            return connect(new Node(target, listener));
        }

        @Override
        public Connection openPubSub(Endpoint target, ConnectionListener listener) {
            return connect(new Node(target, listener));
        }

        private Node connect(Node n) {
            network.add(() -> {
                if (n.target.equals(MASTER) && !masterAlive) {
                    n.closed = true;
                    n.listener.onDisconnected(n, new IOException("Connection refused"));
                } else if (!n.closed) {
                    open.add(n);
                    n.listener.onConnected(n);
                }
            });
            return n;
        }

        @Override
        public void close() {
        }

        private RespValue answer(Node n, List<String> cmd) {
            String name = cmd.get(0).toUpperCase(java.util.Locale.ROOT);
            switch (name) {
                case "PING":
                    return RespValue.simple("PONG");
                case "PUBLISH":
                    return RespValue.integer(1);
                case "SUBSCRIBE":
                    return RespValue.array(RespValue.bulk("subscribe"), RespValue.bulk(cmd.get(1)),
                            RespValue.integer(1));
                case "INFO":
                    return RespValue.bulk(info(n.target));
                case "SLAVEOF":
                    if (n.inMulti) {
                        replicaOf.put(n.target, "NO".equalsIgnoreCase(cmd.get(1)) ? null
                                : new Endpoint(cmd.get(1), Integer.parseInt(cmd.get(2))));
                        return RespValue.simple("QUEUED");
                    }
                    return RespValue.OK;
                case "MULTI":
                    n.inMulti = true;
                    return RespValue.OK;
                case "EXEC":
                    n.inMulti = false;
                    return RespValue.array(RespValue.OK, RespValue.OK, RespValue.integer(0), RespValue.integer(0));
                case "SENTINEL":
                    if (cmd.size() == 6 && "is-master-down-by-addr".equalsIgnoreCase(cmd.get(1))) {
                        String runId = cmd.get(5);
                        boolean vote = !"*".equals(runId);
                        return RespValue.array(RespValue.integer(masterAlive ? 0 : 1),
                                RespValue.bulk(vote ? runId : "*"),
                                RespValue.integer(vote ? Long.parseLong(cmd.get(4)) : 0));
                    }
                    return RespValue.OK;
                default:
                    return n.inMulti ? RespValue.simple("QUEUED") : RespValue.OK;
            }
        }

        private String info(Endpoint node) {
            StringBuilder sb = new StringBuilder("# Server\r\nredis_version:7.0.15\r\nrun_id:")
                    .append(Integer.toHexString(node.hashCode())).append("0".repeat(32)).append("\r\n# Replication\r\n");
            Endpoint upstream = node.equals(MASTER) ? null : replicaOf.get(node);
            if (upstream == null) {
                sb.append("role:master\r\nconnected_slaves:").append(replicaOf.size()).append("\r\n");
                int i = 0;
                for (Map.Entry<Endpoint, Endpoint> e : replicaOf.entrySet()) {
                    if (node.equals(e.getValue())) {
                        sb.append("slave").append(i++).append(":ip=").append(e.getKey().host()).append(",port=")
                                .append(e.getKey().port()).append(",state=online,offset=1000,lag=0\r\n");
                    }
                }
                sb.append("master_repl_offset:1000\r\n");
            } else {
                sb.append("role:slave\r\nmaster_host:").append(upstream.host()).append("\r\nmaster_port:")
                        .append(upstream.port()).append("\r\nmaster_link_status:up\r\nmaster_last_io_seconds_ago:0\r\n")
                        .append("slave_repl_offset:").append(node.equals(REPLICA1) ? 1000 : 900)
                        .append("\r\nslave_priority:100\r\nreplica_announced:1\r\n");
            }
            return sb.toString();
        }

        /** One scripted connection. */
        final class Node implements Connection {
            final Endpoint target;
            final ConnectionListener listener;
            boolean closed;
            boolean inMulti;

            Node(Endpoint target, ConnectionListener listener) {
                this.target = target;
                this.listener = listener;
            }

            void drop() {
                closed = true;
                open.remove(this);
                network.add(() -> listener.onDisconnected(this, new IOException("Connection reset by peer")));
            }

            @Override
            public void send(List<byte[]> argv, java.util.function.Consumer<RespValue> onReply) {
                List<String> cmd = new ArrayList<>(argv.size());
                for (byte[] a : argv) {
                    cmd.add(new String(a, StandardCharsets.UTF_8));
                }
                network.add(() -> onReply.accept(closed ? null : answer(this, cmd)));
            }

            @Override
            public boolean isOpen() {
                return !closed && open.contains(this);
            }

            @Override
            public String localAddress() {
                return "192.0.2.100";
            }

            @Override
            public void close() {
                closed = true;
                open.remove(this);
            }
        }
    }
}
