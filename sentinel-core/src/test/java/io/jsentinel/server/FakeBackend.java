package io.jsentinel.server;

import io.jsentinel.resp.RespValue;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend with one master, {@code mymaster}, that records what the server hands it. */
public final class FakeBackend implements SentinelBackend {
    public final DefaultEventExecutor loop = new DefaultEventExecutor();
    public final List<String> hellos = new CopyOnWriteArrayList<>();
    public final AtomicInteger shutdowns = new AtomicInteger();
    public final List<Thread> callers = new CopyOnWriteArrayList<>();

    @Override
    public EventExecutor loop() {
        return loop;
    }

    /** Threads that asked for a published master address. */
    public final List<Thread> addressCallers = new CopyOnWriteArrayList<>();

    @Override
    public RespValue masterAddress(String name) {
        addressCallers.add(Thread.currentThread());
        return name.equals("mymaster") ? RespValue.array(RespValue.bulk("10.0.0.1"), RespValue.bulk("6379"))
                : RespValue.NULL_ARRAY;
    }

    @Override
    public RespValue sentinelCommand(List<byte[]> argv) {
        callers.add(Thread.currentThread());
        String sub = new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase();
        if (sub.equals("myid")) {
            return RespValue.bulk(myId());
        }
        return RespValue.error("ERR fake backend: " + sub);
    }

    @Override
    public String infoSentinelSection() {
        callers.add(Thread.currentThread());
        return "# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\n"
                + "sentinel_running_scripts:0\r\nsentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\n"
                + "master0:name=mymaster,status=sdown,address=127.0.0.1:6999,slaves=0,sentinels=1\r\n";
    }

    @Override
    public List<String> masterNames() {
        callers.add(Thread.currentThread());
        return List.of("mymaster");
    }

    @Override
    public void processHello(String payload) {
        callers.add(Thread.currentThread());
        hellos.add(payload);
    }

    @Override
    public String myId() {
        return "0123456789012345678901234567890123456789";
    }

    @Override
    public void shutdown() {
        shutdowns.incrementAndGet();
    }
}
