package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.config.ServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives a real {@link SentinelServer} over TCP. Expected bytes were recorded from redis-sentinel
 * 7.0.15 (config: {@code port N}, {@code sentinel monitor mymaster 127.0.0.1 6999 2}); ids are masked.
 */
class SentinelServerTest {
    private MultiThreadIoEventLoopGroup group;
    private FakeBackend backend;
    private SentinelServer server;

    @BeforeEach
    void start() throws Exception {
        startWith(null);
    }

    private void startWith(String requirepass) throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new FakeBackend();
        ServerSettings settings = new ServerSettings(0, List.of("127.0.0.1"), false, requirepass, List.of(), "",
                "notice", null, false, null, 0);
        server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/redis-sentinel", 0),
                backend, group);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        backend.loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static String resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    /** Sends {@code request} and reads until {@code expectedLength} bytes arrived, the peer closed, or 2 s. */
    private String exchange(Socket s, String request, int expectedLength) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        s.setSoTimeout(15000);
        byte[] buf = new byte[8192];
        try {
            while (got.size() < expectedLength) {
                int n = in.read(buf);
                if (n < 0) {
                    got.writeBytes("<CLOSED>".getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // return what we have; the assertion shows the difference
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private String call(String request, String expected) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            return exchange(s, request, expected.length());
        }
    }

    private void assertReply(String request, String expected) throws IOException {
        assertThat(call(request, expected)).isEqualTo(expected);
    }

    @Test
    void repliesLikeRedisSentinel() throws IOException {
        assertReply(resp("PING"), "+PONG\r\n");
        assertReply(resp("PING", "x"), "$1\r\nx\r\n");
        assertReply("PING\r\n", "+PONG\r\n");
        assertReply("PING hello \"a b\" 'c'\r\n", "-ERR wrong number of arguments for 'ping' command\r\n");
        assertReply(resp("HELLO", "4"), "-NOPROTO unsupported protocol version\r\n");
        assertReply(resp("HELLO", "x"), "-ERR Protocol version is not an integer or out of range\r\n");
        assertReply(resp("COMMAND", "COUNT"), ":15\r\n");
        assertReply(resp("CLIENT", "GETNAME"), "$-1\r\n");
        assertReply(resp("CLIENT", "SETINFO", "lib-name", "x"), "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n");
        assertReply(resp("ROLE"), "*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n");
        assertReply(resp("AUTH", "x"), "-ERR AUTH <password> called without any password configured for the default "
                + "user. Are you sure your configuration is correct?\r\n");
        assertReply(resp("AUTH", "a", "b"), "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertReply(resp("GET", "x"), "-ERR unknown command 'GET', with args beginning with: 'x' \r\n");
        assertReply(resp("CONFIG", "GET", "x"), "-ERR unknown command 'CONFIG', with args beginning with: 'GET' 'x' \r\n");
        assertReply(resp("QUIT"), "-ERR unknown command 'QUIT', with args beginning with: \r\n");
        assertReply(resp("RESET"), "-ERR unknown command 'RESET', with args beginning with: \r\n");
        assertReply(resp("PUBLISH", "x", "y"), "-ERR Only HELLO messages are accepted by Sentinel instances.\r\n");
        assertReply(resp("ACL", "WHOAMI"), "$7\r\ndefault\r\n");
        assertReply(resp("SENTINEL"), "-ERR wrong number of arguments for 'sentinel' command\r\n");
        assertReply(resp("SENTINEL", "FOO"), "-ERR unknown subcommand 'FOO'. Try SENTINEL HELP.\r\n");
        assertReply(resp("SENTINEL", "MASTER"), "-ERR wrong number of arguments for 'sentinel|master' command\r\n");
        assertReply(resp("CLIENT"), "-ERR wrong number of arguments for 'client' command\r\n");
        assertReply(resp("CLIENT", "SETNAME", "a b"), "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertReply(resp("CLIENT", "SETNAME"), "-ERR wrong number of arguments for 'client|setname' command\r\n");
        assertReply(resp("INFO", "foo"), "$0\r\n\r\n");
        assertReply(resp("ACL", "LIST"), "*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n");
        assertReply(resp("CLIENT", "TRACKINGINFO"), "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n");
        assertReply(resp("COMMAND", "INFO", "ping", "client|id", "foo"), "*3\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n$-1\r\n");
        assertReply(resp("PUBLISH", "__sentinel__:hello", "junk"), ":1\r\n");
        assertThat(backend.hellos).containsExactly("junk");
    }

    @Test
    void helloSwitchesProtocolAndReportsSixFields() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String r = exchange(s, resp("HELLO", "3", "SETNAME", "foo"), 98);
            assertThat(r.replaceAll(":\\d+\r\n\\$4\r\nmode", ":N\r\n\\$4\r\nmode")).isEqualTo(
                    "%6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:N\r\n"
                            + "$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n");
            assertThat(exchange(s, resp("CLIENT", "GETNAME"), 9)).isEqualTo("$3\r\nfoo\r\n");
            assertThat(exchange(s, resp("ACL", "GETUSER", "nouser"), 3)).isEqualTo("_\r\n");
            String sub = ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n";
            assertThat(exchange(s, resp("SUBSCRIBE", "a"), sub.length())).isEqualTo(sub);
            assertThat(exchange(s, resp("PING"), 7)).isEqualTo("+PONG\r\n");
            server.publish("a", "hi");
            String msg = ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n";
            assertThat(exchange(s, "", msg.length())).isEqualTo(msg);
        }
    }

    @Test
    void resp2SubscribedModeRestrictsCommands() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            exchange(s, resp("SUBSCRIBE", "a"), 31);
            String role = "-ERR Can't execute 'role': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                    + "allowed in this context\r\n";
            assertThat(exchange(s, resp("ROLE"), role.length())).isEqualTo(role);
            assertThat(exchange(s, resp("PING"), 20)).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            String two = "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:3\r\n";
            assertThat(exchange(s, resp("SUBSCRIBE", "b") + resp("PSUBSCRIBE", "c*"), two.length())).isEqualTo(two);
            server.publish("cx", "m");
            String pm = "*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\ncx\r\n$1\r\nm\r\n";
            assertThat(exchange(s, "", pm.length())).isEqualTo(pm);
            String unsub = "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n";
            assertThat(exchange(s, resp("UNSUBSCRIBE"), unsub.length())).isEqualTo(unsub);
        }
    }

    @Test
    void protocolErrorsReplyThenClose() throws IOException {
        assertReply("*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
        assertReply("*1\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n<CLOSED>");
        assertReply("\"abc\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n<CLOSED>");
        assertReply("*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n<CLOSED>");
        assertReply(resp("PING") + "*1\r\n$-1\r\n", "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n<CLOSED>");
    }

    @Test
    void pipelinedRepliesKeepOrderAcrossLoopAndIoThread() throws IOException {
        StringBuilder req = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            req.append(resp("PING", "p" + i)).append(resp("ROLE"));
            String p = "p" + i;
            expected.append('$').append(p.length()).append("\r\n").append(p).append("\r\n")
                    .append("*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n");
        }
        assertReply(req.toString(), expected.toString());
        assertThat(backend.callers).allMatch(t -> backend.loop.inEventLoop(t));
    }

    @Test
    void masterAddressLookupsAreAnsweredOnTheIoThreadWithoutTheLoop() throws IOException {
        assertReply(resp("SENTINEL", "get-master-addr-by-name", "mymaster") + resp("SENTINEL",
                "GET-MASTER-ADDR-BY-NAME", "other") + resp("PING"),
                "*2\r\n$8\r\n10.0.0.1\r\n$4\r\n6379\r\n*-1\r\n+PONG\r\n");
        assertThat(backend.addressCallers).hasSize(2).noneMatch(t -> backend.loop.inEventLoop(t));
        assertThat(backend.callers).isEmpty();
        // Any other SENTINEL subcommand in the same batch sends the whole batch to the loop, in order.
        assertReply(resp("SENTINEL", "myid") + resp("SENTINEL", "get-master-addr-by-name", "mymaster"),
                "$40\r\n" + backend.myId() + "\r\n*2\r\n$8\r\n10.0.0.1\r\n$4\r\n6379\r\n");
        assertThat(backend.callers).allMatch(t -> backend.loop.inEventLoop(t));
    }

    @Test
    void clientReplyOffSilencesUntilOn() throws IOException {
        assertReply(resp("CLIENT", "REPLY", "OFF") + resp("PING") + resp("CLIENT", "REPLY", "ON") + resp("PING"),
                "+OK\r\n+PONG\r\n");
    }

    @Test
    void shutdownCallsBackendAndCloses() throws IOException {
        assertReply(resp("SHUTDOWN", "x"), "-ERR syntax error\r\n");
        assertReply(resp("SHUTDOWN"), "<CLOSED>");
        assertThat(backend.shutdowns).hasValue(1);
    }

    @Test
    void connectedClientsCountsOpenSockets() throws IOException {
        try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
            exchange(a, resp("PING"), 7);
            exchange(b, resp("PING"), 7);
            assertThat(server.connectedClients()).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(server.connectedClients()).isZero());
    }

    @Test
    void requirepassGatesCommands() throws Exception {
        stop();
        startWith("secret");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            assertThat(exchange(s, resp("PING"), 33)).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(exchange(s, resp("GET", "x"), 59)).isEqualTo("-ERR unknown command 'GET', with args beginning with: 'x' \r\n");
            assertThat(exchange(s, resp("AUTH", "bad"), 64)).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(exchange(s, resp("AUTH", "secret"), 5)).isEqualTo("+OK\r\n");
            assertThat(exchange(s, resp("PING"), 7)).isEqualTo("+PONG\r\n");
        }
    }
}
