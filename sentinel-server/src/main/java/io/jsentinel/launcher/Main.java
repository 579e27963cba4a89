package io.jsentinel.launcher;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code redis-sentinel} for the JVM: {@code java -jar redis-sentinel.jar /path/sentinel.conf [--port 26380]
 * [--directive value ...] [--sentinel]}. Sentinel mode is implied. See docs/launcher.md.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Redis resolves a host name again on every reconnection; the JVM would cache the answer for
        // 30 s, which keeps a sentinel dialing the old address of a restarted container.
        java.security.Security.setProperty("networkaddress.cache.ttl", "0");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        // Netty's epoll is here for systemd's notify socket only: Lettuce must not pick it for the links, which
        // run on the sentinel's NIO loop (docs/embedding.md, "Lettuce in the same JVM")
        for (String transport : new String[] {"epoll", "iouring", "kqueue"}) {
            if (System.getProperty("io.lettuce.core." + transport) == null) {
                System.setProperty("io.lettuce.core." + transport, "false");
            }
        }
        List<String> argv = Arrays.asList(args);
        CommandLine cl = CommandLine.parse(argv);
        int status = cl.action() == CommandLine.Action.DEMO
                ? runDemo(cl.rest(), System.out, System.err)
                : new Launcher(System.in, System.out, System.err, System.getenv(), System::exit).run(cl);
        if (status >= 0) {
            System.exit(status);
        }
    }

    /**
     * {@code redis-sentinel --demo}: a master, two replicas and three sentinels on this machine, then a
     * failover (see {@link io.jsentinel.launcher.demo.Demo}).
     *
     * @return the exit status
     */
    static int runDemo(List<String> args, PrintStream out, PrintStream err) {
        return io.jsentinel.launcher.demo.Demo.run(args, out, err, System.getenv());
    }
}
