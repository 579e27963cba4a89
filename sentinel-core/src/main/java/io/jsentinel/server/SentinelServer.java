package io.jsentinel.server;


import io.jsentinel.config.ServerSettings;
import io.jsentinel.resp.RespDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import io.jsentinel.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing TCP server of a sentinel: RESP2/RESP3, the sentinel command table, Pub/Sub.
 *
 * <p>Lifecycle: construct, {@link #start()}, then {@link #close()}. {@link #publish} may be called from
 * any thread.
 */
public final class SentinelServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SentinelServer.class);

    static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of "
            + "the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
            + "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. "
            + "Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the "
            + "protected mode by editing the Redis configuration file, and setting the protected mode option to "
            + "'no', and then restarting the server. 3) If you started the server manually just for testing, "
            + "restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the "
            + "default user. NOTE: You only need to do one of the above things in order for the server to start "
            + "accepting connections from the outside.\r\n";

    static final String MAX_CLIENTS = "-ERR max number of clients reached\r\n";
    /** Bound on the bytes all clients together may have buffered (ours; Redis has none). */
    public static final long DEFAULT_TOTAL_QUERY_BUFFER_LIMIT = 256L * 1024 * 1024;

    private final ServerSettings settings;
    private final Limits limits;
    private final TlsSettings tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private volatile int boundTlsPort;
    private volatile java.util.concurrent.ScheduledFuture<?> idleCheck;
    private volatile Predicate<InetSocketAddress> isLocal = a -> a.getAddress().isLoopbackAddress();
    private final ServerInfo info;
    private final SentinelBackend backend;
    private final EventLoopGroup ioGroup;
    private final AclStore acl;
    private final PubSub pubsub = new PubSub();
    private final ServerStats stats = new ServerStats();
    private final CommandTable commands;
    private final Map<Long, ClientSession> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final List<Channel> listeners = new ArrayList<>();
    private volatile int boundPort;

    public SentinelServer(ServerSettings settings, ServerInfo info, SentinelBackend backend, EventLoopGroup ioGroup) {
        this.settings = settings;
        this.info = info;
        this.backend = backend;
        this.ioGroup = ioGroup;
        this.acl = new AclStore(settings.requirepass(), settings.userLines());
        this.limits = Limits.from(settings);
        this.tls = TlsSettings.from(settings);
        this.commands = CommandTable.sentinel();
    }

    /** Binds every configured address; empty bind list means Redis' {@code * -::*}. */
    public synchronized void start() throws Exception {
        ServerBootstrap b = new ServerBootstrap()
                .group(ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initClient(ch);
                    }
                });
        List<String> binds = settings.bind().isEmpty() ? List.of("*", "-::*") : settings.bind();
        if (tls.serverEnabled()) {
            io.netty.handler.ssl.SslContext ctx;
            try {
                ctx = tls.serverContext();
            } catch (java.security.GeneralSecurityException | java.io.IOException e) {
                throw new java.io.IOException("Failed to configure TLS: " + e.getMessage(), e);
            }
            ServerBootstrap tb = b.clone().childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("tls", ctx.newHandler(ch.alloc()));
                    initClient(ch);
                }
            });
            boundTlsPort = bindAll(tb, binds, tls.port());
            if (settings.port() == 0) {
                boundPort = 0; // Redis: port 0 with a tls-port means no plain TCP listener
                startIdleCheck();
                return;
            }
        }
        boundPort = bindAll(b, binds, settings.port());
        startIdleCheck();
    }

    private int bindAll(ServerBootstrap b, List<String> binds, int configuredPort) throws Exception {
        int port = configuredPort;
        for (String spec : binds) {
            boolean optional = spec.startsWith("-");
            String addr = optional ? spec.substring(1) : spec;
            String host = switch (addr) {
                case "*" -> "0.0.0.0";
                case "::*" -> "::";
                default -> addr;
            };
            try {
                Channel ch = b.bind(new InetSocketAddress(InetAddress.getByName(host), port)).sync().channel();
                listeners.add(ch);
                if (port == 0) {
                    port = ((InetSocketAddress) ch.localAddress()).getPort(); // later addresses share the port
                }
            } catch (Exception e) {
                if (!optional) {
                    close();
                    throw new java.io.IOException("Could not create server TCP listening socket " + addr + ":"
                            + configuredPort + ": " + e.getMessage(), e);
                }
                log.debug("optional bind {} failed: {}", spec, e.toString());
            }
        }
        return port;
    }

    /** Redis' {@code timeout}: idle clients (not subscribers) are closed; 0, the default, never. */
    private void startIdleCheck() {
        if (limits.idleTimeoutSeconds() <= 0) {
            return;
        }
        long ms = limits.idleTimeoutSeconds() * 1000L;
        idleCheck = ioGroup.next().scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            for (ClientSession c : clients.values()) {
                if (!c.subscribed() && now - c.lastInteractionMillis() > ms) {
                    log.debug("Closing idle client {}", c.id());
                    c.kill();
                }
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void initClient(SocketChannel ch) {
        stats.connectionsReceived.increment();
        // acceptCommonHandler's order: the client limit first, then protected mode.
        if (connections.incrementAndGet() > limits.maxClients()) {
            connections.decrementAndGet();
            stats.rejectedConnections.increment();
            ch.writeAndFlush(Unpooled.copiedBuffer(MAX_CLIENTS, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        AclUser def = acl.get(AclStore.DEFAULT_USER);
        if (settings.protectedMode() && def != null && def.nopass() && !isLocal.test(ch.remoteAddress())) {
            stats.rejectedConnections.increment();
            ch.writeAndFlush(Unpooled.copiedBuffer(DENIED, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ClientSession session = new ClientSession(this, nextClientId.getAndIncrement());
        ch.pipeline().addLast("count", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buf) {
                    stats.inputBytes.add(buf.readableBytes());
                    stats.reads.increment();
                    session.touch();
                }
                ctx.fireChannelRead(msg);
            }
        });
        ch.pipeline().addLast("resp", new RespDecoder(session::authRequired, limits.queryBufferLimit(),
                bufferedBytes, limits.totalQueryBufferLimit()));
        ch.pipeline().addLast("session", session);
    }

    /** The TCP port actually bound (the ephemeral one when configured with 0). */
    public int port() {
        return boundPort;
    }

    /** Publishes to SUBSCRIBE and PSUBSCRIBE subscribers; callable from any thread. */
    public int publish(String channel, String message) {
        return pubsub.publish(channel, message);
    }

    /** The TLS port actually bound, 0 without {@code tls-port}. */
    public int tlsPort() {
        return boundTlsPort;
    }

    /** Bytes all clients together hold in unparsed input (bounded by the total query buffer limit). */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Open connections, counted from accept to close (what {@code maxclients} limits). */
    public int openConnections() {
        return connections.get();
    }

    public Limits limits() {
        return limits;
    }

    public TlsSettings tls() {
        return tls;
    }

    /** For tests: decides which peers protected mode treats as local (Redis: loopback and Unix sockets). */
    void localPeers(Predicate<InetSocketAddress> test) {
        isLocal = test;
    }

    public int connectedClients() {
        return clients.size();
    }

    @Override
    public synchronized void close() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        listeners.clear();
        for (ClientSession s : clients.values()) {
            s.kill();
        }
    }

    void register(ClientSession s) {
        clients.put(s.id(), s);
    }

    void unregister(ClientSession s) {
        clients.remove(s.id());
        pubsub.removeAll(s);
    }

    public Collection<ClientSession> clients() {
        return clients.values();
    }

    public ClientSession client(long id) {
        return clients.get(id);
    }

    public ServerSettings settings() {
        return settings;
    }

    public ServerInfo info() {
        return info;
    }

    public SentinelBackend backend() {
        return backend;
    }

    public AclStore acl() {
        return acl;
    }

    /** {@link OpenAccess#warning} as things are now (ACL SETUSER can change the default user at run time). */
    public String openAccessWarning() {
        return OpenAccess.warning(settings.bind(), acl.defaultNeedsAuth());
    }

    /**
     * Whether {@code user}/{@code password} authenticate and that user may run {@code command} (name, then
     * arguments), as the port decides after {@code AUTH}: null when allowed, else Redis' {@code WRONGPASS} or
     * {@code NOPERM} error text. Thread-safe.
     */
    public String checkAccess(String user, String password, List<String> command) {
        return AccessCheck.check(acl, commands.catalog(), user, password, command);
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public ServerStats stats() {
        return stats;
    }

    public CommandTable commands() {
        return commands;
    }
}
