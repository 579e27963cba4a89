package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.HostResolver;
import io.jsentinel.resp.RespValue;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links to names over real sockets, with a lookup that stalls until the test lets it go: the sentinel loop and
 * the one I/O thread (which here, as in a running sentinel, carries every link) keep serving other links
 * meanwhile, and the stalled link opens once its name resolves.
 */
class LinkAddressResolverTest {
    private final CountDownLatch lookupMayAnswer = new CountDownLatch(1);
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private DefaultEventLoop loop;
    private MultiThreadIoEventLoopGroup io;
    private HostResolver names;
    private LettuceLinkFactory factory;
    private ServerSocket redis;
    private Thread server;

    @BeforeEach
    void setUp() throws IOException {
        loop = new DefaultEventLoop();
        io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        names = new HostResolver(host -> {
            lookups.add(host);
            try {
                lookupMayAnswer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return host.equals("slow.example") ? "127.0.0.1" : null;
        }, 1000, 1000);
        factory = new LettuceLinkFactory(loop, io, LettuceLinkFactory.DEFAULT_CONNECT_TIMEOUT, null, names);
        redis = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server = new Thread(this::servePongs, "pong-server");
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        lookupMayAnswer.countDown();
        factory.close();
        names.close();
        redis.close();
        server.join(5000);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers +PONG to whatever each connection sends, one connection per thread. */
    private void servePongs() {
        while (!redis.isClosed()) {
            try {
                Socket s = redis.accept();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] buf = new byte[1024];
                        while (in.read(buf) > 0) {
                            out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    } catch (IOException closed) {
                        // the link went away
                    }
                }, "pong");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private CompletableFuture<RespValue> ping(String host) throws Exception {
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        loop.submit(() -> factory.openCommand(new Endpoint(host, redis.getLocalPort()), new ConnectionListener() {
            @Override
            public void onConnected(Connection c) {
                c.send(List.of("PING".getBytes(StandardCharsets.US_ASCII)), reply::complete);
            }

            @Override
            public void onDisconnected(Connection c, Throwable cause) {
                reply.completeExceptionally(cause);
            }
        })).get(10, TimeUnit.SECONDS);
        return reply;
    }

    @Test
    void aStalledLookupHoldsNeitherTheLoopNorTheLinksOnTheSameIoThread() throws Exception {
        CompletableFuture<RespValue> slow = ping("slow.example");
        CompletableFuture<RespValue> other = ping("127.0.0.1");
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(RespValue.bulk("PONG"));
        assertThat(loop.submit(() -> "loop free").get(10, TimeUnit.SECONDS)).isEqualTo("loop free");
        assertThat(io.next().submit(() -> "io free").get(10, TimeUnit.SECONDS)).isEqualTo("io free");
        assertThat(slow).isNotDone();
        assertThat(lookups).containsExactly("slow.example");

        lookupMayAnswer.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(RespValue.bulk("PONG"));
        assertThat(names.lastGood("slow.example")).isEqualTo("127.0.0.1");
        assertThat(ping("slow.example").get(10, TimeUnit.SECONDS)).as("the last good IP, no new lookup")
                .isEqualTo(RespValue.bulk("PONG"));
        assertThat(lookups).containsExactly("slow.example");
    }

    @Test
    void aNameThatDoesNotResolveFailsItsLinkWithTheReason() throws Exception {
        lookupMayAnswer.countDown();
        CompletableFuture<RespValue> nowhere = ping("nowhere.example");
        assertThat(nowhere).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .withMessageContaining("nowhere.example");
    }
}
