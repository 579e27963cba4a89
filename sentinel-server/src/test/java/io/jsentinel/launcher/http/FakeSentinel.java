package io.jsentinel.launcher.http;

import io.jsentinel.InstanceStatus;
import io.jsentinel.LinkInfo;
import io.jsentinel.MasterInfo;
import io.jsentinel.PeerInfo;
import io.jsentinel.ReplicaInfo;
import io.jsentinel.RunningSentinel;
import io.jsentinel.SentinelListener;
import io.jsentinel.SentinelSnapshot;
import io.jsentinel.SwitchoverResult;
import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A RunningSentinel whose state, users and switchovers the test decides: the HTTP layer's status codes and
 * JSON without a real sentinel. Listeners are called on the caller's thread.
 */
final class FakeSentinel implements RunningSentinel {
    static final Address PRIMARY = new Address("127.0.0.1", 6379);
    static final Address REPLICA1 = new Address("127.0.0.1", 6380);
    static final Address REPLICA2 = new Address("127.0.0.1", 6381);

    /** One switchover call as received. */
    record Call(String master, Address target, Duration timeout, CompletableFuture<SwitchoverResult> future) {
    }

    volatile SentinelSnapshot snapshot = snapshot("mymaster", "a b");
    volatile boolean running = true;
    /** How switchover() answers; by default a future the test completes (see {@link #calls}). */
    volatile Function<Call, CompletableFuture<SwitchoverResult>> switchover = Call::future;
    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    /** user -> password; user -> commands ("sentinel masters") allowed, absent meaning all. */
    final Map<String, String> passwords = new ConcurrentHashMap<>();
    final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
    final List<SentinelListener> listeners = new CopyOnWriteArrayList<>();

    static SentinelSnapshot snapshot(String... names) {
        LinkInfo up = new LinkInfo(true, 0, 1, 120);
        List<MasterInfo> masters = java.util.Arrays.stream(names).map(n -> new MasterInfo(n, PRIMARY,
                InstanceStatus.OK, 2, 3, "none", 3, true,
                List.of(new ReplicaInfo(REPLICA1, InstanceStatus.OK, true, 100, 5000, up),
                        new ReplicaInfo(REPLICA2, InstanceStatus.SDOWN, false, 0, 4200,
                                new LinkInfo(false, 2, -1, 9000))),
                List.of(new PeerInfo("b".repeat(40), new Address("127.0.0.1", 26380), InstanceStatus.OK, true, up)),
                up)).toList();
        return new SentinelSnapshot("a".repeat(40), 7, false, 1_700_000_000_000L, masters);
    }

    void fire(SentinelEvent e) {
        listeners.forEach(l -> l.onEvent(e));
    }

    @Override
    public int port() {
        return 26379;
    }

    @Override
    public String myId() {
        return "a".repeat(40);
    }

    @Override
    public SentinelSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public CompletableFuture<SwitchoverResult> switchover(String master, Address target, Duration timeout) {
        Call call = new Call(master, target, timeout, new CompletableFuture<>());
        calls.add(call);
        return switchover.apply(call);
    }

    @Override
    public Access checkAccess(String user, String password, List<String> command) {
        String expected = passwords.get(user);
        if (expected == null || !expected.equals(password)) {
            return Access.WRONG_PASSWORD;
        }
        Set<String> commands = allowed.get(user);
        String name = String.join(" ", command.subList(0, 2)).toLowerCase(java.util.Locale.ROOT);
        return commands == null || commands.contains(name) ? Access.ALLOWED : Access.NO_PERMISSION;
    }

    @Override
    public void addListener(SentinelListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(SentinelListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public void close() {
        running = false;
    }
}
