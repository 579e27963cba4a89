package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Slow name lookups for every process of one {@link NetLab} namespace. {@code ip netns exec <ns>} bind-mounts
 * the files of {@code /etc/netns/<ns>/} over {@code /etc}, so this writes a {@code resolv.conf} there that
 * points at a {@link SlowDnsResponder} on 127.0.0.1:53 inside the namespace (and a {@code hosts} file with
 * localhost only, so no test name is answered from the machine's hosts file). Install it right after
 * {@link NetLab#create(int)}, before the namespace's first process starts: the files are mounted when a
 * process enters the namespace. {@link #close()} stops the responder and removes the files; a shutdown hook
 * does too if the test JVM dies first.
 */
public final class SlowDns extends ManagedProcess {
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    private final NetLab lab;
    private final Path etc;
    private final boolean createdNetnsDir;
    private final List<String> args;
    private final Thread cleanup;
    private boolean closed;

    private SlowDns(NetLab lab, Duration delay, Map<String, String> names) {
        super("slow-dns-" + lab.namespace());
        this.lab = lab;
        this.etc = NETNS_ETC.resolve(lab.namespace());
        this.createdNetnsDir = !Files.isDirectory(NETNS_ETC);
        this.args = new ArrayList<>(List.of("127.0.0.1", Long.toString(delay.toMillis())));
        names.forEach((name, ip) -> args.add(name + "=" + ip));
        this.cleanup = new Thread(this::removeFiles, "slow-dns-cleanup-" + lab.namespace());
    }

    /**
     * Makes lookups in {@code lab}'s namespace go to a responder that answers {@code names} (name to IPv4)
     * after {@code delay}; other names fail at once.
     */
    public static SlowDns install(NetLab lab, Duration delay, Map<String, String> names) {
        SlowDns dns = new SlowDns(lab, delay, names);
        Runtime.getRuntime().addShutdownHook(dns.cleanup);
        try {
            Files.createDirectories(dns.etc);
            // glibc's default timeout (5 s) outlasts the delay: a slow answer, never a failed lookup
            Files.writeString(dns.etc.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:5 attempts:2\n",
                    StandardCharsets.US_ASCII);
            Files.writeString(dns.etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n",
                    StandardCharsets.US_ASCII);
            dns.launch();
            return dns;
        } catch (IOException e) {
            dns.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
    }

    @Override
    protected List<String> command() {
        List<String> cmd = lab.prefix(NetLab.CONTROL);  // root: port 53
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SentinelNode.FAST_JVM_FLAGS);
        cmd.addAll(List.of("-Xmx32m", "-XX:-UsePerfData", "-cp", testClasses(), SlowDnsResponder.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    @Override
    protected boolean ready() {
        return logText().contains(SlowDnsResponder.READY);
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(20);
    }

    /** The queries received so far for names it answers late, by name ({@code A} and the others together). */
    public long queriesFor(String name) {
        return logText().lines().filter(l -> l.contains(" query ") && l.contains(" " + name + " from ")).count();
    }

    private static String testClasses() {
        try {
            return Path.of(SlowDnsResponder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the responder and removes the namespace's files under {@code /etc/netns}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kill();
        removeFiles();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private void removeFiles() {
        try {
            Files.deleteIfExists(etc.resolve("resolv.conf"));
            Files.deleteIfExists(etc.resolve("hosts"));
            Files.deleteIfExists(etc);
            if (createdNetnsDir) {
                Files.deleteIfExists(NETNS_ETC);  // only when empty: another namespace's files stay
            }
        } catch (java.nio.file.DirectoryNotEmptyException othersStillThere) {
            // /etc/netns holds another namespace's files: it stays
        } catch (IOException e) {
            System.out.println("[it] could not remove " + etc + ": " + e);
        }
    }
}
