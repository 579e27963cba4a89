package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.links.MonitorReader;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.lettuce.LettuceLinkFactory;
import io.jsentinel.resp.RespValue;
import io.netty.channel.DefaultEventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LettuceLinkFactory} against a real redis-server with {@code requirepass}. */
class LettuceLinkIT {

    private static final String PASS = "link-secret";
    private static final String HELLO = "__sentinel__:hello";

    private DefaultEventLoop loop;
    private LettuceLinkFactory factory;
    private RedisNode redis;
    private final List<String> offLoop = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        loop = new DefaultEventLoop();
        factory = new LettuceLinkFactory(loop);
        redis = RedisNode.builder().name("link-redis").withConfigFile().requirePass(PASS).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (factory != null) {
            factory.close();
        }
        if (redis != null) {
            redis.stop();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        assertThat(offLoop).as("callbacks that ran off the sentinel loop").isEmpty();
    }

    /** Records listener calls, in order, on the loop. */
    private final class Recorder implements ConnectionListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        volatile Throwable cause;

        @Override
        public void onConnected(Connection connection) {
            checkLoop("onConnected");
            events.add("connected");
        }

        @Override
        public void onMessage(Connection connection, String channel, byte[] message) {
            checkLoop("onMessage");
            messages.add(channel + " " + new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void onDisconnected(Connection connection, Throwable cause) {
            checkLoop("onDisconnected");
            this.cause = cause;
            events.add("disconnected");
        }
    }

    private void checkLoop(String what) {
        if (!loop.inEventLoop()) {
            offLoop.add(what + " on " + Thread.currentThread().getName());
        }
    }

    private Connection open(Recorder recorder, boolean pubSub) {
        Endpoint target = new Endpoint("127.0.0.1", redis.port());
        Connection c = onLoop(() -> pubSub ? factory.openPubSub(target, recorder) : factory.openCommand(target, recorder));
        await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.events.isEmpty());
        assertThat(recorder.events).containsExactly("connected");
        return c;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sends on the loop; the future completes with the reply (or null) on the loop. */
    private CompletableFuture<RespValue> send(Connection c, String... argv) {
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        List<byte[]> args = Arrays.stream(argv).map(s -> s.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
        loop.execute(() -> c.send(args, v -> {
            checkLoop("reply to " + argv[0]);
            if (!reply.complete(v)) {
                offLoop.add("second reply to " + argv[0]);
            }
        }));
        return reply;
    }

    private RespValue call(Connection c, String... argv) {
        try {
            return send(c, argv).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Lettuce reports a status like a bulk string (docs/compatibility.md). */
    private static final RespValue OK = RespValue.bulk("OK");

    private static RespValue bulk(String s) {
        return RespValue.bulk(s);
    }

    @Test
    void commandLinkSpeaksOnlyOurCommands() throws Exception {
        try (MonitorReader monitor = MonitorReader.start(redis.port(), PASS)) {
            Recorder rec = new Recorder();
            Connection c = open(rec, false);
            assertThat(onLoop(c::isOpen)).isTrue();
            assertThat(onLoop(c::localAddress)).isEqualTo("127.0.0.1");

            assertThat(call(c, "PING")).isEqualTo(RespValue.error("NOAUTH Authentication required."));
            assertThat(call(c, "AUTH", PASS)).isEqualTo(OK);
            assertThat(call(c, "CLIENT", "SETNAME", "sentinel-0123abcd-cmd")).isEqualTo(OK);
            assertThat(call(c, "PING")).isEqualTo(bulk("PONG"));
            RespValue info = call(c, "INFO");
            assertThat(info).isInstanceOf(RespValue.BulkString.class);
            assertThat(((RespValue.BulkString) info).utf8()).contains("run_id:", "role:master");
            assertThat(call(c, "PUBLISH", HELLO, "x")).isEqualTo(RespValue.integer(0));
            assertThat(call(c, "SCRIPT", "KILL")).isInstanceOf(RespValue.Error.class);
            assertThat(call(c, "GET", "missing")).isEqualTo(RespValue.NULL);

            // The failover transaction shape (§6.4), plus an error inside EXEC.
            List<CompletableFuture<RespValue>> tx = new ArrayList<>();
            tx.add(send(c, "MULTI"));
            tx.add(send(c, "SLAVEOF", "NO", "ONE"));
            tx.add(send(c, "CONFIG", "REWRITE"));
            tx.add(send(c, "CLIENT", "KILL", "TYPE", "pubsub"));
            tx.add(send(c, "SCRIPT", "KILL"));
            tx.add(send(c, "EXEC"));
            List<RespValue> replies = new ArrayList<>();
            for (CompletableFuture<RespValue> f : tx) {
                replies.add(f.get(5, TimeUnit.SECONDS));
            }
            RespValue queued = bulk("QUEUED");
            assertThat(replies.subList(0, 5)).containsExactly(OK, queued, queued, queued, queued);
            assertThat(replies.get(5)).isEqualTo(RespValue.array(OK, OK, RespValue.integer(0),
                    RespValue.error("NOTBUSY No scripts in execution right now.")));
            assertThat(call(c, "ECHO", "still open")).isEqualTo(bulk("still open"));
            assertThat(call(c, "LRANGE", "none", "0", "-1")).isEqualTo(RespValue.array(List.of()));

            await().atMost(Duration.ofSeconds(5)).until(() -> monitor.entries().stream()
                    .anyMatch(e -> e.args().equals(List.of("ECHO", "still open"))));
            List<String> seen = monitor.entries().stream()
                    .map(e -> String.join(" ", e.args())).collect(Collectors.toList());
            // MONITOR hides the rejected PING and admin commands (SLAVEOF, CONFIG, CLIENT KILL) and
            // redacts AUTH; a HELLO, CLIENT SETINFO or extra PING sent by Lettuce would show up here.
            assertThat(seen).containsExactly(
                    "AUTH (redacted)",
                    "CLIENT SETNAME sentinel-0123abcd-cmd",
                    "PING",
                    "INFO",
                    "PUBLISH __sentinel__:hello x",
                    "SCRIPT KILL",
                    "GET missing",
                    "MULTI",
                    "SCRIPT KILL",
                    "EXEC",
                    "ECHO still open",
                    "LRANGE none 0 -1");
            assertThat(rec.events).containsExactly("connected");
        }
    }

    /** Without requirepass, anything sent before our first command would be logged too. */
    @Test
    void nothingIsSentOnConnect() throws Exception {
        try (RedisNode open = RedisNode.builder().name("link-redis-open").withConfigFile().start();
                MonitorReader monitor = MonitorReader.start(open.port(), null)) {
            Recorder cmdRec = new Recorder();
            Recorder subRec = new Recorder();
            Endpoint target = new Endpoint("127.0.0.1", open.port());
            Connection cmd = onLoop(() -> factory.openCommand(target, cmdRec));
            Connection sub = onLoop(() -> factory.openPubSub(target, subRec));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cmdRec.events.contains("connected") && subRec.events.contains("connected"));
            assertThat(call(sub, "SUBSCRIBE", HELLO)).isInstanceOf(RespValue.Array.class);
            assertThat(call(cmd, "ECHO", "first")).isEqualTo(bulk("first"));
            await().atMost(Duration.ofSeconds(5)).until(() -> monitor.entries().size() >= 2);
            await().during(Duration.ofMillis(300)).until(() -> monitor.entries().size() == 2);
            assertThat(monitor.entries().stream().map(e -> String.join(" ", e.args())))
                    .containsExactly("SUBSCRIBE " + HELLO, "ECHO first");
        }
    }

    @Test
    void pubSubLinkReceivesHellos() {
        Recorder subRec = new Recorder();
        Connection sub = open(subRec, true);
        assertThat(call(sub, "AUTH", PASS)).isEqualTo(OK);
        assertThat(call(sub, "CLIENT", "SETNAME", "sentinel-0123abcd-pubsub")).isEqualTo(OK);
        assertThat(call(sub, "SUBSCRIBE", HELLO))
                .isEqualTo(RespValue.array(bulk("subscribe"), bulk(HELLO), RespValue.integer(1)));

        Recorder cmdRec = new Recorder();
        Connection cmd = open(cmdRec, false);
        call(cmd, "AUTH", PASS);
        String payload = "127.0.0.1,26379,0123abcd0123abcd0123abcd0123abcd0123abcd,0,mymaster,127.0.0.1,6379,0";
        assertThat(call(cmd, "PUBLISH", HELLO, payload)).isEqualTo(RespValue.integer(1));
        assertThat(call(cmd, "PUBLISH", "other", "ignored")).isEqualTo(RespValue.integer(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> !subRec.messages.isEmpty());
        assertThat(subRec.messages).containsExactly(HELLO + " " + payload);
    }

    @Test
    void killedServerFailsPendingThenDisconnectsOnce() throws Exception {
        Recorder rec = new Recorder();
        Connection c = open(rec, false);
        call(c, "AUTH", PASS);
        redis.pause();
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            loop.execute(() -> c.send(List.of("PING".getBytes(StandardCharsets.UTF_8)), v -> {
                checkLoop("ping reply");
                order.add("reply" + n + "=" + v);
                order.add("events=" + rec.events);
            }));
        }
        redis.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.contains("disconnected"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> order.size() == 6 && rec.events.size() == 2);
        assertThat(order).containsExactly(
                "reply0=null", "events=[connected]",
                "reply1=null", "events=[connected]",
                "reply2=null", "events=[connected]");
        assertThat(rec.events).containsExactly("connected", "disconnected");
        assertThat(rec.cause).isNotNull();
        assertThat(onLoop(c::isOpen)).isFalse();
        // After the loss, sends are answered with null at once.
        assertThat(call(c, "PING")).isNull();
    }

    @Test
    void stoppedServerKeepsPingPendingUntilResumed() throws Exception {
        Recorder rec = new Recorder();
        Connection c = open(rec, false);
        call(c, "AUTH", PASS);
        redis.pause();
        CompletableFuture<RespValue> ping;
        try {
            ping = send(c, "PING");
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> !ping.isDone() && rec.events.size() == 1);
        } finally {
            redis.resume();
        }
        assertThat(ping.get(5, TimeUnit.SECONDS)).isEqualTo(bulk("PONG"));
        assertThat(rec.events).containsExactly("connected");
    }

    @Test
    void closeAnswersPendingWithNullAndReportsOnce() throws Exception {
        Recorder rec = new Recorder();
        Connection c = open(rec, false);
        call(c, "AUTH", PASS);
        redis.pause();
        try {
            CompletableFuture<RespValue> ping = send(c, "PING");
            loop.submit(() -> {
                c.close();
                c.close();
            }).get(5, TimeUnit.SECONDS);
            assertThat(ping.get(5, TimeUnit.SECONDS)).isNull();
            await().atMost(Duration.ofSeconds(2)).until(() -> rec.events.size() == 2);
            await().during(Duration.ofMillis(300)).until(() -> rec.events.size() == 2);
            assertThat(rec.events).containsExactly("connected", "disconnected");
        } finally {
            redis.resume();
        }
    }

    @Test
    void refusedConnectionReportsDisconnectedOnly() throws Exception {
        Recorder rec = new Recorder();
        int port = FreePorts.next();
        Connection c = onLoop(() -> factory.openCommand(new Endpoint("127.0.0.1", port), rec));
        await().atMost(Duration.ofSeconds(5)).until(() -> !rec.events.isEmpty());
        await().during(Duration.ofMillis(200)).until(() -> rec.events.size() == 1);
        assertThat(rec.events).containsExactly("disconnected");
        assertThat(rec.cause).isNotNull();
        assertThat(onLoop(c::isOpen)).isFalse();
        assertThat(call(c, "PING")).isNull();
    }

    @Test
    void sharedIoGroupIsUsedAndNotShutDown() throws Exception {
        io.netty.channel.MultiThreadIoEventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(
                1, new io.netty.util.concurrent.DefaultThreadFactory("server-io"),
                io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            factory.close();
            factory = new LettuceLinkFactory(loop, group, LettuceLinkFactory.DEFAULT_CONNECT_TIMEOUT, null);
            Recorder rec = new Recorder();
            Connection c = open(rec, false);
            assertThat(call(c, "AUTH", PASS)).isEqualTo(OK);
            List<String> threads = Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            System.out.println("threads with a shared group: " + threads);
            assertThat(threads).noneMatch(n -> n.startsWith("lettuce-nioEventLoop") || n.startsWith("lettuce-eventExecutorLoop"));
            factory.close();
            factory = null;
            assertThat(group.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
