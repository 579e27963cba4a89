package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace ({@code jsent-<random>}) where every "host" has its own 127.0.0.x address and
 * its own uid, and partitions are nftables DROP rules (a blackhole, not a reset) in the output hook. A rule
 * matches the sending socket's uid and the destination address, so a cut holds whatever source address a
 * process picks for its outgoing connections (redis-server and sentinels do not all bind them to their
 * listen address); rules on source and destination addresses are added as well.
 *
 * <p>The test JVM stays in the root namespace; it reaches the namespace through {@link NetnsRelay}
 * processes (one per uid, over Unix sockets, which namespaces do not separate) and local TCP gateways
 * ({@link #gateway(Host, String, int)}). The control relay runs as root, whose traffic no rule matches, so
 * the test can always observe every node. Needs root, {@code ip} and {@code nft}: check {@link #unusableReason()}.
 */
public final class NetLab implements AutoCloseable {
    /** One machine of the simulated network: its address and the uid its processes run as. */
    public record Host(int index, String ip, int uid) {
        @Override
        public String toString() {
            return "host" + index + "/" + ip;
        }
    }

    /** The test's own vantage point: root, never cut. */
    public static final Host CONTROL = new Host(0, "127.0.0.1", 0);

    private final String ns;
    private final List<Host> hosts = new ArrayList<>();
    private final Map<Integer, Relay> relays = new HashMap<>();
    private final Map<String, Integer> gateways = new HashMap<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Thread cleanup;
    private volatile boolean closed;

    private NetLab(String ns, int hostCount) {
        this.ns = ns;
        int uidBase = 41000 + ThreadLocalRandom.current().nextInt(1000) * 10;
        for (int i = 1; i <= hostCount; i++) {
            hosts.add(new Host(i, "127.0.0." + (i + 1), uidBase + i));
        }
        cleanup = new Thread(this::close, "netlab-cleanup-" + ns);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Null when this machine can run lab tests, else why not (for an assumption message). */
    public static String unusableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network-partition tests need root (ip netns, nftables); running as "
                    + System.getProperty("user.name");
        }
        for (String tool : List.of("ip", "nft", "setpriv")) {
            if (!onPath(tool)) {
                return "network-partition tests need `" + tool + "` on PATH (apt-get install -y nftables)";
            }
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Creates the namespace with {@code hostCount} hosts at 127.0.0.2 onwards and an empty rule set. */
    public static NetLab create(int hostCount) {
        String ns = "jsent-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        NetLab lab = new NetLab(ns, hostCount);
        try {
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            lab.nft("add", "table", "inet", "jsent");
            lab.nft("add chain inet jsent out { type filter hook output priority 0; policy accept; }");
            System.out.printf("[it] netns %s with %s%n", ns, lab.hosts);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public String namespace() {
        return ns;
    }

    public Host host(int index) {
        return hosts.get(index - 1);
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** The command prefix that runs a program inside the namespace as {@code host}'s uid. */
    public List<String> prefix(Host host) {
        List<String> p = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        if (host.uid() != 0) {
            String uid = Integer.toString(host.uid());
            p.addAll(List.of("setpriv", "--reuid", uid, "--regid", uid, "--clear-groups"));
        }
        return p;
    }

    /** Lets {@code host}'s uid write {@code dir} (a sentinel rewrites its config there). */
    public void grant(Host host, Path dir) {
        run("chown", "-R", host.uid() + ":" + host.uid(), dir.toString());
    }

    /** Blackholes all traffic between {@code a} and {@code b}, both ways. */
    public void cut(Host a, Host b) {
        apply(rules(a, b));
    }

    /**
     * Cuts {@code host} from every other host in one nftables transaction, so no host keeps talking to it
     * a moment longer than the others (the control vantage point keeps seeing it).
     */
    public void isolate(Host host) {
        List<String> rules = new ArrayList<>();
        for (Host other : hosts) {
            if (other != host) {
                rules.addAll(rules(host, other));
            }
        }
        apply(rules);
    }

    private static List<String> rules(Host a, Host b) {
        List<String> r = new ArrayList<>();
        for (Host[] d : new Host[][] {{a, b}, {b, a}}) {
            r.add("add rule inet jsent out meta skuid " + d[0].uid() + " ip daddr " + d[1].ip() + " drop");
            r.add("add rule inet jsent out ip saddr " + d[0].ip() + " ip daddr " + d[1].ip() + " drop");
        }
        return r;
    }

    private synchronized void apply(List<String> rules) {
        try {
            Path script = Files.createTempFile(ns, ".nft");
            try {
                Files.writeString(script, String.join("\n", rules) + "\n", StandardCharsets.UTF_8);
                nft("-f", script.toString());
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every cut. */
    public synchronized void heal() {
        nft("flush", "chain", "inet", "jsent", "out");
    }

    /** The rule set, for failure messages. */
    public String rules() {
        return run("ip", "netns", "exec", ns, "nft", "list", "ruleset");
    }

    /**
     * A port on 127.0.0.1 in the root namespace whose connections arrive at {@code ip:port} inside the
     * namespace, sent from {@code via} (whose uid and address the partition rules see).
     */
    public synchronized int gateway(Host via, String ip, int port) {
        String key = via.uid() + " " + ip + " " + port;
        Integer existing = gateways.get(key);
        if (existing != null) {
            return existing;
        }
        Path socket = relay(via);
        try {
            ServerSocketChannel listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listeners.add(listener);
            int local = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Thread t = new Thread(() -> accept(listener, socket, ip, port), "gateway-" + local + "-" + ip + ":" + port);
            t.setDaemon(true);
            t.start();
            gateways.put(key, local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel listener, Path socket, String ip, int port) {
        while (!closed) {
            try {
                SocketChannel client = listener.accept();
                client.socket().setTcpNoDelay(true);
                SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    unix.connect(UnixDomainSocketAddress.of(socket));
                    unix.write(ByteBuffer.wrap(NetnsRelay.header(ip, port)));
                } catch (IOException e) {
                    NetnsRelay.close(client);
                    NetnsRelay.close(unix);
                    continue;
                }
                Thread t = new Thread(() -> NetnsRelay.pipe(client, unix), "gateway-pipe");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    private Path relay(Host via) {
        Relay existing = relays.get(via.uid());
        if (existing != null && existing.isAlive()) {
            return existing.socket;
        }
        Relay relay = new Relay(via, Path.of("/tmp", ns + "-" + via.uid() + ".sock"));
        relays.put(via.uid(), relay);
        relay.launch();
        return relay.socket;
    }

    /** The {@link NetnsRelay} JVM of one uid inside the namespace; ready once its Unix socket exists. */
    private final class Relay extends ManagedProcess {
        private final Host via;
        private final Path socket;

        Relay(Host via, Path socket) {
            super("relay-" + via.index());
            this.via = via;
            this.socket = socket;
        }

        @Override
        protected List<String> command() {
            List<String> cmd = prefix(via);
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(SentinelNode.FAST_JVM_FLAGS);
            cmd.addAll(List.of("-Xmx32m", "-XX:-UsePerfData", "-cp", testClasses(), NetnsRelay.class.getName(),
                    socket.toString()));
            if (via.uid() != 0) {
                cmd.add(via.ip());
            }
            return cmd;
        }

        @Override
        protected boolean ready() {
            return Files.exists(socket);
        }

        @Override
        protected Duration startTimeout() {
            return Duration.ofSeconds(20);
        }

        @Override
        protected Duration readinessPollInterval() {
            return Duration.ofMillis(20);
        }
    }

    private static String testClasses() {
        try {
            return Path.of(NetnsRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs a root command to completion; fails with its output on a non-zero status. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the gateways and relays (by PID) and deletes the namespace by name. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        for (Relay r : relays.values()) {
            r.kill();
            try {
                Files.deleteIfExists(r.socket);
            } catch (IOException ignored) {
                // a stale socket file in /tmp is harmless
            }
        }
        try {
            run("ip", "netns", "del", ns);
        } catch (RuntimeException e) {
            System.out.println("[it] could not delete netns " + ns + ": " + e.getMessage());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }
}
