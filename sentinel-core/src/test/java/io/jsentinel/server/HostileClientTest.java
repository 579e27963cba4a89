package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.config.ServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile client input against a real {@link SentinelServer}. Where a reply is asserted, it was
 * recorded from redis-sentinel 7.0.15 with the same bytes (see docs/security.md).
 */
class HostileClientTest {
    private MultiThreadIoEventLoopGroup group;
    private FakeBackend backend;
    private SentinelServer server;

    private void start(String requirepass, Map<String, List<String>> generic) throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new FakeBackend();
        ServerSettings settings = new ServerSettings(0, List.of("127.0.0.1"), false, requirepass, List.of(), "",
                "notice", null, false, null, 0, generic);
        server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/redis-sentinel", 0),
                backend, group);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            backend.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Sends the bytes, then reads until the peer closes or nothing arrives for {@code quietMs}. */
    private String exchange(byte[] request, int quietMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            return exchange(s, request, quietMs);
        }
    }

    private static String exchange(Socket s, byte[] request, int quietMs) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
        } catch (SocketException e) {
            got.writeBytes("<RESET ON WRITE>".getBytes(StandardCharsets.US_ASCII));
            return got.toString(StandardCharsets.ISO_8859_1);
        }
        s.setSoTimeout(quietMs);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    got.writeBytes("<CLOSED>".getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet: the server waits for more input
        } catch (SocketException e) {
            got.writeBytes("<CLOSED>".getBytes(StandardCharsets.US_ASCII));
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void malformedRequestsGetRedisErrors() throws Exception {
        start(null, Map.of());
        Map<byte[], String> cases = new LinkedHashMap<>();
        cases.put(b("*1\r\n$600000000\r\n"), "-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
        cases.put(b("*3000000000\r\n"), "-ERR Protocol error: invalid multibulk length\r\n<CLOSED>");
        cases.put(b("*-1\r\n*1\r\n$4\r\nPING\r\n"), "+PONG\r\n");
        cases.put(b("$5\r\n"), "-ERR unknown command '$5', with args beginning with: \r\n");
        cases.put(b("\u0000\u00ff\u00fe\r\n"), "");
        cases.put(b("*1\r\n$4\r\nPINGxx"), "+PONG\r\n");
        cases.put(concat(b("*2\r\n$4\r\nPING\r\n$99999\r\n"), b("a".repeat(100))), "");
        cases.put(b("A".repeat(70000)), "-ERR Protocol error: too big inline request\r\n<CLOSED>");
        cases.put(b("*1\r\n$" + "1".repeat(70000)), "-ERR Protocol error: too big bulk count string\r\n<CLOSED>");
        cases.put(b("*" + "1".repeat(70000)), "-ERR Protocol error: too big mbulk count string\r\n<CLOSED>");
        cases.put(b("*1\r\n$+4\r\nPING\r\n"), "-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
        cases.put(b("*1\r\n$04\r\nPING\r\n"), "-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
        cases.put(b("*1\r\n$ 4\r\nPING\r\n"), "-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
        cases.put(b("\r\n\r\n\n*0\r\nPING\n"), "+PONG\r\n");
        cases.put(b("*1\n$4\nPING\n"), "");
        cases.put(b("ping \"a\\x41\"\r\n"), "$2\r\naA\r\n");
        cases.put(b("ping 'a\r\n"), "-ERR Protocol error: unbalanced quotes in request\r\n<CLOSED>");
        for (Map.Entry<byte[], String> c : cases.entrySet()) {
            assertThat(exchange(c.getKey(), 300)).as(new String(c.getKey(), 0, Math.min(30, c.getKey().length),
                    StandardCharsets.ISO_8859_1)).isEqualTo(c.getValue());
        }
    }

    @Test
    void unauthenticatedClientsGetTighterLimits() throws Exception {
        start("secret", Map.of());
        assertThat(exchange(b("*11\r\n"), 300)).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n<CLOSED>");
        assertThat(exchange(b("*1\r\n$16385\r\n"), 300)).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n<CLOSED>");
        assertThat(exchange(b("*1\r\n$16384\r\n"), 300)).isEmpty();
    }

    @Test
    void queryBufferIsBoundedAndTheClientClosedWithoutReply() throws Exception {
        start(null, Map.of());
        // A bulk Redis would accept (under 512 MB) but larger than our 1 MiB bound.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(b("*2\r\n$4\r\nPING\r\n$100000000\r\n"));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            long sent = 0;
            try {
                while (sent < 8L * 1024 * 1024) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (SocketException e) {
                // closed by the server, as expected
            }
            assertThat(sent).isLessThan(8L * 1024 * 1024);
            assertThat(exchange(s, new byte[0], 1000)).isIn("<CLOSED>", "<RESET ON WRITE>");
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> server.bufferedBytes() == 0);
        // Many arguments each small: the parsed arguments count toward the bound too.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            StringBuilder sb = new StringBuilder("*1000000\r\n");
            for (int i = 0; i < 100_000; i++) {
                sb.append("$1\r\na\r\n");
            }
            assertThat(exchange(s, b(sb.toString()), 1000)).endsWith("<CLOSED>");
        }
    }

    @Test
    void configuredQueryBufferLimitIsHonoured() throws Exception {
        start(null, Map.of("client-query-buffer-limit", List.of("2mb")));
        assertThat(server.limits().queryBufferLimit()).isEqualTo(2L * 1024 * 1024);
        byte[] big = b("*2\r\n$4\r\nECHO\r\n$1500000\r\n" + "y".repeat(1_500_000) + "\r\n");
        assertThat(exchange(big, 1000)).startsWith("-ERR unknown command 'ECHO', with args beginning with: 'yyy");
    }

    @Test
    void maxClientsRefusesTheNextConnectionWithRedisError() throws Exception {
        start(null, Map.of("maxclients", List.of("5")));
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                open.add(s);
                assertThat(exchange(s, b("PING\r\n"), 1000)).isEqualTo("+PONG\r\n");
            }
            assertThat(exchange(b("PING\r\n"), 1000)).isEqualTo("-ERR max number of clients reached\r\n<CLOSED>");
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> server.openConnections() == 4);
            assertThat(exchange(b("PING\r\n"), 300)).isEqualTo("+PONG\r\n");
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void idleTimeoutClosesIdleClientsButNotSubscribers() throws Exception {
        start(null, Map.of("timeout", List.of("1")));
        try (Socket idle = new Socket("127.0.0.1", server.port());
             Socket sub = new Socket("127.0.0.1", server.port())) {
            assertThat(exchange(sub, b("SUBSCRIBE x\r\n"), 300)).startsWith("*3\r\n$9\r\nsubscribe");
            assertThat(exchange(idle, b("PING\r\n"), 300)).isEqualTo("+PONG\r\n");
            assertThat(exchange(idle, new byte[0], 4000)).isEqualTo("<CLOSED>");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> server.connectedClients() == 1);
        }
    }

    @Test
    void timeoutZeroKeepsSlowClientsButTheirBufferStaysBounded() throws Exception {
        start(null, Map.of());
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setTcpNoDelay(true);
            OutputStream out = slow.getOutputStream();
            for (byte c : b("*1\r\n$4\r\nPI")) {
                out.write(c);
                out.flush();
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> server.connectedClients() == 1);
            assertThat(server.bufferedBytes()).isLessThanOrEqualTo(16);
            assertThat(exchange(slow, b("NG\r\n"), 3000)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void protectedModeDeniesNonLocalPeersWithRedisText() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new FakeBackend();
        ServerSettings settings = new ServerSettings(0, List.of("127.0.0.1"), true, null, List.of(), "", "notice",
                null, false, null, 0);
        server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/redis-sentinel", 0),
                backend, group);
        server.start();
        assertThat(exchange(b("PING\r\n"), 300)).isEqualTo("+PONG\r\n");
        server.localPeers(a -> false); // as if the peer came from another host
        String denied = exchange(b("PING\r\n"), 1000);
        assertThat(denied).isEqualTo(SentinelServer.DENIED + "<CLOSED>");
        assertThat(denied).contains("4) Setup a an authentication password for the default user.");
        server.acl().setUser("default", List.of("resetpass", ">pw"));
        assertThat(exchange(b("PING\r\n"), 300)).isEqualTo("-NOAUTH Authentication required.\r\n");
    }
}
