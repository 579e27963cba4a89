package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server or jsentinel running inside a {@link NetLab} namespace on its host's own address (redis on
 * 6379, sentinel on 26379) and uid. {@link #port()} is the test's gateway port in the root namespace, so
 * {@link #call(String...)} and the event recorder work whatever partition is in place.
 */
public final class NetnsNode extends ManagedProcess {
    public static final int REDIS_PORT = 6379;
    public static final int SENTINEL_PORT = 26379;

    private final NetLab lab;
    private final NetLab.Host host;
    private final List<String> program;
    private final boolean sentinel;
    /** Whether {@link #events()} records (a sentinel of {@link #sentinel}'s reads its log instead). */
    private boolean recordEvents;
    private final EventRecorder events = new EventRecorder();

    private NetnsNode(NetLab lab, NetLab.Host host, String name, boolean sentinel, int innerPort,
            List<String> program) {
        super(name, lab.gateway(NetLab.CONTROL, host.ip(), innerPort));
        this.lab = lab;
        this.host = host;
        this.sentinel = sentinel;
        this.recordEvents = sentinel;
        this.program = program;
    }

    /** A redis-server on {@code host}:6379, a replica of {@code master} unless it is null. */
    public static NetnsNode redis(NetLab lab, NetLab.Host host, NetLab.Host master, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(REDIS_PORT),
                "--bind", host.ip(), "--protected-mode", "no", "--bind-source-addr", host.ip(), "--replica-announce-ip", host.ip(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                "--repl-diskless-sync-delay", "0"));
        if (master != null) {
            cmd.addAll(List.of("--replicaof", master.ip(), Integer.toString(REDIS_PORT)));
        }
        cmd.addAll(List.of(extraArgs));
        NetnsNode n = new NetnsNode(lab, host, "ns-redis-" + host.index(), false, REDIS_PORT, cmd);
        n.program.addAll(List.of("--dir", n.dir.toString()));
        lab.grant(host, n.dir);
        n.launch();
        return n;
    }

    /** A jsentinel (the jar) on {@code host}:26379 monitoring {@code master}:6379 with the given timings. */
    public static NetnsNode jsentinel(NetLab lab, NetLab.Host host, NetLab.Host master, int quorum,
            long downAfterMillis, long failoverTimeoutMillis) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SentinelNode.FAST_JVM_FLAGS);
        cmd.addAll(List.of("-XX:-UsePerfData", "-jar", SentinelKind.jar().toString()));
        NetnsNode n = new NetnsNode(lab, host, "ns-jsent-" + host.index(), true, SENTINEL_PORT, cmd);
        Path conf = n.dir.resolve("sentinel.conf");
        String text = "port " + SENTINEL_PORT + "\n"
                + "bind " + host.ip() + "\n"
                + "sentinel announce-ip " + host.ip() + "\n"
                + "sentinel monitor mymaster " + master.ip() + " " + REDIS_PORT + " " + quorum + "\n"
                + "sentinel down-after-milliseconds mymaster " + downAfterMillis + "\n"
                + "sentinel failover-timeout mymaster " + failoverTimeoutMillis + "\n";
        try {
            Files.writeString(conf, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        n.program.add(conf.toString());
        lab.grant(host, n.dir);
        n.launch();
        return n;
    }

    /**
     * A sentinel of either kind on {@code host}:26379, started as {@code redis-sentinel <conf>} (or our jar), from
     * a config of {@code port}, {@code bind} and the given lines. Its {@link #events()} record nothing: a
     * sentinel the test stalls could time the subscription out; its log has every event.
     */
    public static NetnsNode sentinel(NetLab lab, NetLab.Host host, SentinelKind kind, List<String> lines) {
        List<String> cmd = new ArrayList<>();
        if (kind == SentinelKind.REAL) {
            cmd.add("redis-sentinel");
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(SentinelNode.FAST_JVM_FLAGS);
            cmd.addAll(List.of("-XX:-UsePerfData", "-jar", SentinelKind.jar().toString()));
        }
        NetnsNode n = new NetnsNode(lab, host, "ns-" + kind.label() + "-" + host.index(), true, SENTINEL_PORT, cmd);
        n.recordEvents = false;
        Path conf = n.dir.resolve("sentinel.conf");
        String text = "port " + SENTINEL_PORT + "\nbind " + host.ip() + "\n" + String.join("\n", lines) + "\n";
        try {
            Files.writeString(conf, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        n.program.add(conf.toString());
        lab.grant(host, n.dir);
        n.launch();
        return n;
    }

    @Override
    protected List<String> command() {
        List<String> cmd = lab.prefix(host);
        cmd.addAll(program);
        return cmd;
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected void afterStart() {
        if (recordEvents) {
            events.subscribe(port, toString());
        }
    }

    @Override
    protected void afterStop() {
        events.close();
    }

    public NetLab.Host host() {
        return host;
    }

    public EventRecorder events() {
        return events;
    }

    /** For a sentinel: the host address of the master it reports, or null. */
    public String masterIp(String master) {
        Resp r = call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", master);
        return r.isNull() || r.isError() ? null : r.get(0).str();
    }

    /** Waits for an event of {@code type} containing {@code containing} after {@code mark}; null on timeout. */
    public PublishedEvent awaitEvent(int mark, String type, String containing, Duration timeout) {
        return events.await(mark, e -> e.type().equals(type) && e.message().contains(containing), timeout);
    }

    @Override
    public String toString() {
        return name + "@" + host.ip() + ":" + (sentinel ? SENTINEL_PORT : REDIS_PORT) + "(gw " + port + ")";
    }
}
