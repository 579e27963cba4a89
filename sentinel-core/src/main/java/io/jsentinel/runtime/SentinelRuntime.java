package io.jsentinel.runtime;

import io.jsentinel.config.ConfigStore;
import io.jsentinel.core.SentinelCore;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.event.EventSink;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.HostResolver;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.link.lettuce.LettuceLinkFactory;
import io.jsentinel.resp.RespValue;
import io.jsentinel.server.SentinelBackend;
import io.jsentinel.server.SentinelServer;
import io.jsentinel.tls.TlsSettings;
import io.jsentinel.server.ServerInfo;
import io.jsentinel.time.SystemClock;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sentinel: the sentinel loop thread (which also does the Lettuce links' socket I/O), the Netty
 * I/O threads of the client-facing server, the core and the server.
 */
public final class SentinelRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelRuntime.class);

    /** The sentinel loop's group: one thread, which also does the socket I/O of every outgoing link. */
    private final EventLoopGroup loopGroup;
    private final EventLoop loop;
    private final EventLoopGroup io;
    private final LinkFactory links;
    /** Host names to IPs, off the loop: for the links and for what the core shows. */
    private final HostResolver names = new HostResolver();
    private final java.util.concurrent.CompletableFuture<LettuceLinkFactory> lettuce;
    private final SentinelCore core;
    private final SentinelServer server;
    /** Draws the tick period; a SecureRandom here read /dev/urandom every other tick. */
    private final java.util.SplittableRandom tickJitter = new java.util.SplittableRandom();
    private final Runnable onShutdownRequest;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> nextTick;
    /** System.nanoTime() when {@link #nextTick} is due. */
    private volatile long nextTickAt;
    /** Runs on the loop after start-up and after every tick (the embedding API publishes snapshots here). */
    private volatile Runnable afterTick = () -> { };

    /**
     * Creates a sentinel; nothing runs until {@link #start()}.
     *
     * @param sinks extra event sinks, called on the loop
     */
    public SentinelRuntime(SentinelConfig config, ConfigStore store, List<EventSink> sinks, String configFile,
                           String executable, String processSupervised, Runnable onShutdownRequest) {
        // refuse to start, with the reason, rather than run links that would misread every reply
        LettuceLinkFactory.verifyHooks();
        // Links live on the loop's own thread, as in Redis: a command written by the core goes straight to
        // the socket and a reply reaches the core without a hop between threads. With separate I/O
        // threads every ping, hello and INFO cost two cross-thread wake-ups, which were most of an idle
        // sentinel's CPU time.
        this.loopGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sentinel-loop", true),
                NioIoHandler.newFactory());
        this.loop = (EventLoop) loopGroup.next();
        this.io = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sentinel-io", true),
                NioIoHandler.newFactory());
        // Lettuce's client resources take a noticeable part of start-up; build them while the server
        // binds and starts answering, since the first link is opened only by the first tick.
        // TLS links when tls-replication yes.
        TlsSettings tls = TlsSettings.from(config.server());
        this.lettuce = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> new LettuceLinkFactory(loop, loopGroup, LettuceLinkFactory.DEFAULT_CONNECT_TIMEOUT, tls,
                        names), SentinelRuntime::onceOnOwnThread);
        this.links = new DeferredLinkFactory(lettuce.thenApply(f -> f));
        // Loading resolves the configured names here, on the starting thread, as Redis does at config load;
        // from then on every lookup runs on the resolver's threads and its answer comes back as a loop task.
        this.core = new SentinelCore(config, store, links, SystemClock.INSTANCE, new SecureRandom());
        core.resolveNamesWith((host, answer) -> names.resolve(host).thenAccept(ip -> onLoopLater(() -> answer.accept(ip))));
        this.onShutdownRequest = onShutdownRequest;
        ServerInfo info = ServerInfo.current(configFile, executable, config.server().port(), processSupervised);
        this.server = new SentinelServer(config.server(), info, new Backend(), io);
        core.setAclUsers(() -> server.acl().userLines());
        core.events().addSink(this::publish);
        core.setWakeHook(this::wakeEarlier);
        for (EventSink s : sinks) {
            core.events().addSink(s);
        }
    }

    /**
     * Not on a server I/O thread: a client accepted there (the first PING of a supervisor waiting for
     * start-up) would wait the half second Lettuce takes to initialise.
     */
    private static void onceOnOwnThread(Runnable task) {
        Thread t = new Thread(task, "jsentinel-lettuce-init");
        t.setDaemon(true);
        t.start();
    }

    private void publish(SentinelEvent e) {
        if (e.info().published()) {
            server.publish(e.type(), e.message());
        }
    }

    /** Binds the port, announces the masters and starts the tick. */
    public SentinelRuntime start() throws Exception {
        // Like Redis, the generated id is on disk before the first client can connect.
        boolean saved = onLoop(core::start);
        server.start();
        onLoop(() -> core.state().port = server.port());
        warmUpLinks();
        String hookFailure = lettuce.join().hookFailure();
        if (hookFailure != null) {
            // every link would be closed as soon as it opens: a sentinel that sees every node down
            throw new IllegalStateException("Refusing to start: " + hookFailure);
        }
        onLoop(() -> {
            core.beginMonitoring();
            return null;
        });
        if (!saved) {
            LOG.warn("Sentinel could not save its configuration at start-up");
        }
        runAfterTick();
        scheduleTick();
        return this;
    }

    /** Sets the task run on the loop after start-up and after every tick; it must be quick and not block. */
    public void afterTick(Runnable task) {
        this.afterTick = task;
    }

    private void runAfterTick() {
        try {
            loop.submit(() -> afterTick.run()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Sentinel after-tick task failed: {}", e.toString());
        }
    }

    /**
     * The first Lettuce connection of a JVM loads and initialises many classes on the calling thread,
     * which is the sentinel loop: a stall of a second or more that would show up as a false SDOWN or
     * TILT right after start-up. One PING over each connection kind, to our own port, pays that cost
     * before the first tick. Failures do not matter here.
     */
    private void warmUpLinks() {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(2);
        io.jsentinel.link.Endpoint self = new io.jsentinel.link.Endpoint("127.0.0.1", server.port());
        loop.execute(() -> {
            for (boolean pubsub : new boolean[] {false, true}) {
                io.jsentinel.link.ConnectionListener l = new io.jsentinel.link.ConnectionListener() {
                    private boolean counted;

                    @Override
                    public void onConnected(io.jsentinel.link.Connection c) {
                        c.send(List.of("PING".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), r -> {
                            finish();
                            c.close();
                        });
                    }

                    @Override
                    public void onDisconnected(io.jsentinel.link.Connection c, Throwable cause) {
                        finish();
                    }

                    private void finish() {
                        if (!counted) {
                            counted = true;
                            done.countDown();
                        }
                    }
                };
                if (pubsub) {
                    links.openPubSub(self, l);
                } else {
                    links.openCommand(self, l);
                }
            }
        });
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleTick() {
        if (closed.get()) {
            return;
        }
        // Redis re-draws its timer frequency between 10 and 19 Hz after every run (protocol doc §1.1).
        long delay = 1000 / (10 + tickJitter.nextInt(10));
        long wake = core.millisUntilWake();
        schedule(wake >= 0 ? Math.min(delay, wake) : delay);
    }

    /** Runs on the loop: the tick is brought forward when the core needs one before the scheduled time. */
    private void wakeEarlier(long delayMillis) {
        ScheduledFuture<?> t = nextTick;
        if (closed.get() || t == null || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) >= nextTickAt) {
            return;
        }
        if (t.cancel(false)) {
            schedule(delayMillis);
        }
    }

    private void schedule(long delayMillis) {
        nextTickAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        nextTick = loop.schedule(this::runTick, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void runTick() {
        try {
            core.tick();
            afterTick.run();
        } catch (Throwable t) {
            LOG.warn("Sentinel tick failed", t);
        } finally {
            scheduleTick();
        }
    }

    /** Runs {@code task} on the loop as a task of its own; dropped once the loop is shut down. */
    private void onLoopLater(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the sentinel is stopping: nobody is left to show the answer to
        }
    }

    /** Runs a task on the sentinel loop and waits for its result. */
    public <T> T onLoop(Callable<T> task) throws Exception {
        if (loop.inEventLoop()) {
            return task.call();
        }
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    public SentinelCore core() {
        return core;
    }

    public EventExecutor loop() {
        return loop;
    }

    /** The client-facing server (its stats are thread-safe; everything else belongs to Netty's threads). */
    public SentinelServer server() {
        return server;
    }

    /** The core's monotonic "now" (the time base of link timers). Loop only. */
    public long monoNow() {
        return core.now();
    }

    /** The address clients should use for {@code master} (GET-MASTER-ADDR-BY-NAME). Loop only. */
    public io.jsentinel.link.Endpoint currentMasterAddress(io.jsentinel.state.Instance master) {
        return master.addressForClients();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** The bound TCP port. */
    public int port() {
        return server.port();
    }

    /** This sentinel's id. */
    public String myId() {
        return core.state().myId;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = nextTick;
        if (t != null) {
            t.cancel(false);
        }
        try {
            onLoop(() -> {
                core.flushConfig();
                core.closeAllLinks();
                core.killScripts();
                return null;
            });
        } catch (Exception e) {
            LOG.warn("Sentinel close: {}", e.toString());
        }
        server.close();
        links.close();
        names.close();
        loopGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Backend implements SentinelBackend {
        @Override
        public EventExecutor loop() {
            return loop;
        }

        @Override
        public RespValue sentinelCommand(List<byte[]> argv) {
            return core.commands().execute(argv);
        }

        @Override
        public RespValue masterAddress(String name) {
            return core.publishedMasterAddress(name);
        }

        @Override
        public String infoSentinelSection() {
            return core.commands().infoSection();
        }

        @Override
        public List<String> masterNames() {
            return List.copyOf(core.state().masters.keySet());
        }

        @Override
        public void processHello(String payload) {
            core.processHello(payload);
        }

        @Override
        public String myId() {
            return core.state().myId;
        }

        @Override
        public void shutdown() {
            Thread t = new Thread(() -> {
                close();
                onShutdownRequest.run();
            }, "sentinel-shutdown");
            t.start();
        }
    }
}
