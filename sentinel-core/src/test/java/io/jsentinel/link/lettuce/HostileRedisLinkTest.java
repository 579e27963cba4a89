package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fake, hostile "redis" (a plain TCP server in this test) answering the link's first command with
 * huge, endless or garbage replies. The link must end up disconnected, having buffered a bounded
 * amount, and the sentinel loop must keep running.
 */
class HostileRedisLinkTest {
    private DefaultEventLoop loop;
    private LettuceLinkFactory factory;
    private ServerSocket listener;
    private Thread serverThread;
    private final AtomicLong sentBytes = new AtomicLong();

    @BeforeEach
    void setUp() throws IOException {
        loop = new DefaultEventLoop();
        factory = new LettuceLinkFactory(loop);
        listener = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws Exception {
        factory.close();
        listener.close();
        if (serverThread != null) {
            serverThread.join(5000);
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Serves one connection: reads the first command, then lets {@code behaviour} write. */
    private void serve(BiConsumer<OutputStream, InputStream> behaviour) {
        serverThread = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(20_000);
                InputStream in = s.getInputStream();
                in.read(new byte[1024]); // the command; its content does not matter
                behaviour.accept(s.getOutputStream(), in);
            } catch (IOException e) {
                // the link closed on us: expected
            }
        }, "hostile-redis");
        serverThread.setDaemon(true);
        serverThread.start();
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Streams {@code total} filler bytes, counting what was accepted by the socket. */
    private void stream(OutputStream out, long total) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'z');
        try {
            for (long sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
                sentBytes.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Opens a link, sends PING, and returns (reply future, disconnected latch). */
    private Object[] pingThroughLink() throws Exception {
        CountDownLatch disconnected = new CountDownLatch(1);
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        ConnectionListener l = new ConnectionListener() {
            @Override
            public void onConnected(Connection c) {
                c.send(List.of("PING".getBytes(StandardCharsets.US_ASCII)), v -> reply.complete(v));
            }

            @Override
            public void onDisconnected(Connection c, Throwable cause) {
                disconnected.countDown();
                reply.complete(null);
            }
        };
        loop.submit(() -> factory.openCommand(new Endpoint("127.0.0.1", listener.getLocalPort()), l)).get(5,
                TimeUnit.SECONDS);
        return new Object[] {reply, disconnected};
    }

    @SuppressWarnings("unchecked")
    private void expectDisconnect() throws Exception {
        Object[] r = pingThroughLink();
        CompletableFuture<RespValue> reply = (CompletableFuture<RespValue>) r[0];
        assertThat(((CountDownLatch) r[1]).await(30, TimeUnit.SECONDS)).as("link closed").isTrue();
        assertThat(reply.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(loop.submit(() -> "alive").get(5, TimeUnit.SECONDS)).isEqualTo("alive");
    }

    @Test
    void hugeBulkLengthIsRefusedBeforeAnyPayload() throws Exception {
        serve((out, in) -> {
            write(out, "$2000000000\r\n");
            stream(out, 512L * 1024 * 1024);
        });
        expectDisconnect();
        assertThat(sentBytes.get()).as("bytes the fake redis got into the socket").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void endlessArrayOfSmallElementsIsCutAtTheReplyBound() throws Exception {
        serve((out, in) -> {
            write(out, "*100000000\r\n");
            byte[] el = "$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[el.length * 8192];
            for (int i = 0; i < 8192; i++) {
                System.arraycopy(el, 0, chunk, i * el.length, el.length);
            }
            try {
                for (int i = 0; i < 20_000; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        expectDisconnect();
    }

    @Test
    void endlessStatusLineIsCut() throws Exception {
        serve((out, in) -> {
            write(out, "+");
            stream(out, 256L * 1024 * 1024);
        });
        expectDisconnect();
        assertThat(sentBytes.get()).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void garbageBytesCloseTheLink() throws Exception {
        serve((out, in) -> write(out, "\u0000\u00ff garbage \r\n"));
        expectDisconnect();
    }

    /** Netty's closeFuture, not a hook into Lettuce, reports the loss: pending commands answered null, then one onDisconnected. */
    @Test
    void aPeerThatHangsUpIsReportedLost() throws Exception {
        serve((out, in) -> { });
        expectDisconnect();
    }

    @Test
    void wellFormedRepliesStillPass() throws Exception {
        serve((out, in) -> {
            write(out, "+PONG\r\n");
            try {
                in.read(); // wait for the link to close
            } catch (IOException e) {
                // fine
            }
        });
        Object[] r = pingThroughLink();
        @SuppressWarnings("unchecked")
        CompletableFuture<RespValue> reply = (CompletableFuture<RespValue>) r[0];
        // Lettuce reports a status like a bulk string
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(RespValue.bulk("PONG"));
    }

    @Test
    void guardFollowsNestedFraming() {
        ReplySizeGuard g = new ReplySizeGuard(100);
        assertThat(scan(g, "*2\r\n$3\r\nabc\r\n*1\r\n:1\r\n")).isNull();
        assertThat(scan(g, "$50\r\n" + "a".repeat(50) + "\r\n")).isNull(); // a new reply: count restarts
        assertThat(scan(g, "$-1\r\n+OK\r\n-ERR x\r\n")).isNull();
        assertThat(scan(g, "$200\r\n")).contains("over the limit");
        assertThat(scan(new ReplySizeGuard(100), "*3\r\n$60\r\n" + "a".repeat(60) + "\r\n$60\r\n" + "a".repeat(60)))
                .contains("larger than 100");
        assertThat(scan(new ReplySizeGuard(100), "$abc\r\n")).contains("bad bulk length");
        assertThat(scan(new ReplySizeGuard(100), "?\r\n")).contains("unknown reply type");
        // Each reply is under the bound, three together are not: the count restarts only if the framing
        // finds where each ends (a map announces pairs, an attribute precedes the value it describes).
        ReplySizeGuard resp3 = new ReplySizeGuard(60);
        String map = "%1\r\n+k\r\n*2\r\n$20\r\n" + "a".repeat(20) + "\r\n:2\r\n";
        String attributed = "|1\r\n+key\r\n+value\r\n$20\r\n" + "a".repeat(20) + "\r\n";
        for (int i = 0; i < 3; i++) {
            assertThat(scan(resp3, map)).isNull();
            assertThat(scan(resp3, attributed)).isNull();
        }
    }

    private static String scan(ReplySizeGuard g, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return g.scan(Unpooled.wrappedBuffer(b), 0, b.length);
    }
}
