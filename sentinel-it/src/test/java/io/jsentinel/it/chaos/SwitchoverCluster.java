package io.jsentinel.it.chaos;

import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A master, two replicas and three jsentinels (quorum 2, down-after 5000 ms so that only the test's requests move
 * the master), with the checks the switchover tests share: sending {@code SENTINEL FAILOVER}, waiting for its
 * events, and telling when the topology has settled.
 */
final class SwitchoverCluster implements AutoCloseable {
    static final String MASTER = Topology.MASTER_NAME;
    static final long DOWN_AFTER_MILLIS = 5000;
    /**
     * {@code SENTINEL DEBUG info-period} on every sentinel (Redis' default is 10000; 0 keeps it). A plain failover
     * converts the old master only after its INFO showed the master role for 4 × publish-period, so with the default
     * each plain switchover takes about 20 s to settle, with 1000 about 9 s.
     */
    static final long INFO_PERIOD_MILLIS = Long.getLong("switchover.infoPeriod", 1000);
    /** The replies after which a request is sent again: the sentinels have not yet seen a candidate, or are busy. */
    private static final List<String> RETRYABLE = List.of("NOGOODSLAVE", "INPROG", "NOGOODPRIMARY",
            "ERR No such replica");

    final Topology topology;

    private SwitchoverCluster(Topology topology) {
        this.topology = topology;
    }

    /** Starts it with this failover-timeout; {@code customize} may add node arguments or sentinel lines. */
    static SwitchoverCluster start(long failoverTimeoutMillis, Consumer<Topology.Builder> customize) {
        Topology.Builder b = Topology.builder().replicas(2).quorum(2).downAfter(DOWN_AFTER_MILLIS)
                .failoverTimeout(failoverTimeoutMillis)
                .sentinels(SentinelKind.JSENTINEL, SentinelKind.JSENTINEL, SentinelKind.JSENTINEL);
        customize.accept(b);
        SwitchoverCluster c = new SwitchoverCluster(b.start());
        try {
            if (!c.topology.awaitDiscovery(Duration.ofSeconds(30))) {
                throw new AssertionError("sentinels did not discover the topology:\n" + c.topology.describe());
            }
            if (INFO_PERIOD_MILLIS > 0) {
                for (SentinelNode s : c.topology.sentinels()) {
                    Resp r = s.sentinel("DEBUG", "info-period", Long.toString(INFO_PERIOD_MILLIS));
                    if (r.isError()) {
                        throw new AssertionError(s + " refused SENTINEL DEBUG info-period: " + r);
                    }
                }
            }
            c.awaitSettled(c.topology.initialMaster().port(), Duration.ofSeconds(30));
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Whether the sentinels know {@code COORDINATED}: they answer "no such master" to it rather than an arity error. */
    boolean coordinatedSupported() {
        Resp r = sentinel(0).sentinel("FAILOVER", "no-such-master", "COORDINATED");
        return r.isError() && r.text().contains("No such master");
    }

    SentinelNode sentinel(int i) {
        return topology.sentinel(i);
    }

    List<Integer> sentinelPorts() {
        return topology.sentinels().stream().map(SentinelNode::port).toList();
    }

    RedisNode node(int port) {
        return topology.redisAt(port);
    }

    /** {@code SENTINEL FAILOVER mymaster [COORDINATED [TO 127.0.0.1 <port>]]} on sentinel {@code i}, once. */
    Resp request(int i, boolean coordinated, RedisNode target) {
        List<String> args = new ArrayList<>(List.of("FAILOVER", MASTER));
        if (coordinated) {
            args.add("COORDINATED");
            if (target != null) {
                args.addAll(List.of("TO", "127.0.0.1", Integer.toString(target.port())));
            }
        }
        return sentinel(i).sentinel(args.toArray(String[]::new));
    }

    /** Like {@link #request}, sent again while the reply is one of the transient refusals; returns the last reply. */
    Resp requestUntilAccepted(int i, boolean coordinated, RedisNode target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Resp r = request(i, coordinated, target);
            if (!r.isError() || RETRYABLE.stream().noneMatch(r.text()::startsWith) || System.nanoTime() > deadline) {
                return r;
            }
            sleep(100);
        }
    }

    /** One event mark per sentinel (dead ones included, their recorder keeps its list). */
    List<Integer> marks() {
        return topology.sentinels().stream().map(s -> s.events().mark()).toList();
    }

    /** The first event after {@code marks} on any sentinel that matches, waiting up to {@code timeout}; or null. */
    PublishedEvent awaitAny(List<Integer> marks, Predicate<PublishedEvent> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (int i = 0; i < marks.size(); i++) {
                PublishedEvent e = sentinel(i).events().await(marks.get(i), match, Duration.ZERO);
                if (e != null) {
                    return e;
                }
            }
            sleep(2);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** Which sentinel published {@code event} after {@code marks}; -1 if none. */
    int publisherOf(List<Integer> marks, PublishedEvent event) {
        for (int i = 0; i < marks.size(); i++) {
            if (sentinel(i).events().all().subList(marks.get(i), sentinel(i).events().mark()).contains(event)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isAbort(PublishedEvent e) {
        return e.type().startsWith("-failover-abort");
    }

    /** Every event of every sentinel after {@code marks} whose type passes {@code types}, for messages and reports. */
    String eventsSince(List<Integer> marks, Predicate<String> types) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < marks.size(); i++) {
            List<PublishedEvent> all = sentinel(i).events().all();
            String events = all.subList(Math.min(marks.get(i), all.size()), all.size()).stream()
                    .filter(e -> types.test(e.type())).map(e -> e.type() + " " + e.message())
                    .collect(Collectors.joining(" | "));
            sb.append("\n  s").append(i).append(": ").append(events);
        }
        return sb.toString();
    }

    /**
     * Waits until every running sentinel announced {@code +switch-master} away from {@code oldPort}; returns the
     * new master's port and, in {@code lastNanos[0]}, when the last of them did.
     */
    int awaitSwitch(List<Integer> marks, int oldPort, Duration timeout, long[] lastNanos) {
        int newPort = -1;
        long last = 0;
        for (int i = 0; i < marks.size(); i++) {
            SentinelNode s = sentinel(i);
            if (!s.isAlive()) {
                continue;
            }
            PublishedEvent e = s.awaitEvent(marks.get(i), "+switch-master", MASTER + " 127.0.0.1 " + oldPort + " ",
                    timeout);
            if (e == null) {
                throw new AssertionError(s + " did not announce +switch-master within " + timeout + eventsSince(marks,
                        t -> true) + "\n" + roles());
            }
            newPort = Integer.parseInt(e.message().substring(e.message().lastIndexOf(' ') + 1));
            last = Math.max(last, e.nanos());
        }
        lastNanos[0] = last;
        return newPort;
    }

    /**
     * Waits until the topology is at rest around {@code masterPort}: it is the only master, every other running node
     * replicates from it with its link up, every running sentinel names it and lists the others as healthy replicas,
     * and the master runs no FAILOVER.
     */
    void awaitSettled(int masterPort, Duration timeout) {
        try {
            await("settled on " + masterPort).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> settled(masterPort));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not settled on " + masterPort + " within " + timeout + ":\n" + roles()
                    + "\n" + sentinelViews(), e);
        }
    }

    boolean settled(int masterPort) {
        List<RedisNode> live = liveNodes();
        for (RedisNode r : live) {
            Resp role = r.call("ROLE");
            if (r.port() == masterPort) {
                if (!"master".equals(role.get(0).str()) || role.get(2).size() != live.size() - 1) {
                    return false;
                }
            } else if (!"slave".equals(role.get(0).str()) || Integer.parseInt(role.get(2).text()) != masterPort
                    || !"connected".equals(role.get(3).str())) {
                return false;
            }
        }
        if (!node(masterPort).call("INFO", "replication").str().contains("master_failover_state:no-failover")) {
            return false;
        }
        for (SentinelNode s : liveSentinels()) {
            if (s.masterPort(MASTER) != masterPort) {
                return false;
            }
            Map<Integer, Resp> replicas = s.replicas(MASTER).list().stream()
                    .collect(Collectors.toMap(r -> Integer.parseInt(r.fieldStr("port")), r -> r));
            for (RedisNode r : live) {
                Resp view = replicas.get(r.port());
                if (r.port() != masterPort && (view == null || !"slave".equals(view.fieldStr("flags"))
                        || !"ok".equals(view.fieldStr("master-link-status"))
                        || !Integer.toString(masterPort).equals(view.fieldStr("master-port")))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Waits until exactly one running node is master and the topology settled on it ({@link #settled}); returns its
     * port. For the ends of the fault scenarios, where the test cannot tell in advance which node that is.
     */
    int awaitOneMasterSettled(Duration timeout) {
        int[] master = new int[1];
        try {
            await("one master, settled").atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        List<Integer> m = masters();
                        master[0] = m.size() == 1 ? m.get(0) : -1;
                        return master[0] > 0 && settled(master[0]);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no single settled master within " + timeout + ":\n" + roles() + "\n"
                    + sentinelViews(), e);
        }
        return master[0];
    }

    /** The ports of the running nodes that report the master role right now. */
    List<Integer> masters() {
        return liveNodes().stream().filter(r -> {
            try {
                return "master".equals(r.role());
            } catch (RuntimeException e) {
                return false;
            }
        }).map(RedisNode::port).toList();
    }

    List<RedisNode> liveNodes() {
        return topology.redisNodes().stream().filter(RedisNode::isAlive).toList();
    }

    List<SentinelNode> liveSentinels() {
        return topology.sentinels().stream().filter(SentinelNode::isAlive).toList();
    }

    /** {@code ROLE} of every node, one line each. */
    String roles() {
        return topology.redisNodes().stream().map(r -> {
            try {
                return r + " " + (r.isAlive() ? r.call("ROLE") : "dead");
            } catch (RuntimeException e) {
                return r + " " + e;
            }
        }).collect(Collectors.joining("\n"));
    }

    /** What every running sentinel says about the master and its replicas. */
    String sentinelViews() {
        return liveSentinels().stream().map(s -> {
            try {
                return s + " master=" + s.masterPort(MASTER) + " replicas=" + s.replicas(MASTER).list().stream()
                        .map(r -> r.fieldStr("port") + ":" + r.fieldStr("flags") + ":" + r.fieldStr("master-link-status")
                                + "->" + r.fieldStr("master-port"))
                        .toList();
            } catch (RuntimeException e) {
                return s + " " + e;
            }
        }).collect(Collectors.joining("\n"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        topology.close();
    }
}
