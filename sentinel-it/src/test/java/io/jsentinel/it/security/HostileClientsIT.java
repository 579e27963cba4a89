package io.jsentinel.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many idle clients and hostile bytes against a whole sentinel process, on each enabled kind.
 * {@code -Dclients.count=N} idle connections are opened (default 300, with {@code maxclients} set to
 * match; the documented long run uses 10000 with Redis' default {@code maxclients 10000}). The next one
 * must get Redis' error, the open ones must still answer, and the sentinel's resident memory is
 * reported (and bounded for ours).
 */
class HostileClientsIT {

    static List<SentinelKind> kinds() {
        return SentinelKind.enabled();
    }

    private static String exchange(Socket s, byte[] request, int quietMs) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
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
            // quiet
        } catch (SocketException e) {
            got.writeBytes("<CLOSED>".getBytes(StandardCharsets.US_ASCII));
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends PING and reads one line of reply, plus "<CLOSED>" when the server closes right after it. */
    private static String oneReply(Socket s) throws IOException {
        s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\r' && c == '\n') {
                break;
            }
        }
        if (c < 0) {
            return sb + "<CLOSED>";
        }
        if (sb.toString().startsWith("-ERR max")) {
            try {
                if (in.read() < 0) {
                    sb.append("<CLOSED>");
                }
            } catch (SocketException e) {
                sb.append("<CLOSED>");
            }
        }
        return sb.toString();
    }

    private static long rssKb(long pid) throws IOException {
        Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static int connectedClients(SentinelNode s) {
        String info = s.call("INFO", "clients").toString();
        Matcher m = Pattern.compile("connected_clients:(\\d+)").matcher(info);
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void idleConnectionsUpToMaxclientsThenRedisError(SentinelKind kind) throws Exception {
        int count = Integer.getInteger("clients.count", 300);
        SentinelNode.Builder b = SentinelNode.builder(kind);
        if (count != 10000) {
            b.line("maxclients " + count);
        }
        List<Socket> open = new ArrayList<>();
        try (SentinelNode s = b.create().start()) {
            long rssBefore = rssKb(s.pid());
            // the harness' own event subscriber is one of the clients; the INFO connection counts itself
            String refusal = null;
            try {
                // Open clients until one is refused; the harness' own subscriber holds one slot.
                while (open.size() <= count + 5) {
                    Socket c = new Socket("127.0.0.1", s.port());
                    String reply = oneReply(c);
                    if (!reply.equals("+PONG\r\n")) {
                        refusal = reply;
                        c.close();
                        break;
                    }
                    open.add(c);
                }
                assertThat(refusal).isEqualTo("-ERR max number of clients reached\r\n<CLOSED>");
                assertThat(open.size()).isBetween(count - 3, count - 1);
                for (int i = 0; i < open.size(); i += Math.max(1, open.size() / 20)) {
                    assertThat(oneReply(open.get(i))).isEqualTo("+PONG\r\n");
                }
                long rssAfter = rssKb(s.pid());
                System.out.printf("%s: %d idle clients, RSS %d kB -> %d kB%n", kind, open.size(), rssBefore, rssAfter);
                if (kind == SentinelKind.JSENTINEL) {
                    assertThat(rssAfter - rssBefore).as("RSS growth in kB").isLessThan(512L * 1024);
                }
            } finally {
                for (Socket c : open) {
                    c.close();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> connectedClients(s) <= 2);
            assertThat(s.call("PING").str()).isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void hostileBytesGetTheSameRepliesOnEachKind(SentinelKind kind) throws Exception {
        String[][] cases = {
            {"*1\r\n$600000000\r\n", "-ERR Protocol error: invalid bulk length\r\n<CLOSED>"},
            {"*3000000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n<CLOSED>"},
            {"*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n<CLOSED>"},
            {"*1\r\n$abc\r\n", "-ERR Protocol error: invalid bulk length\r\n<CLOSED>"},
            {"*1\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n<CLOSED>"},
            {"PING 'a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n<CLOSED>"},
            {"A".repeat(70000), "-ERR Protocol error: too big inline request\r\n<CLOSED>"},
            {"*1\r\n$4\r\nPINGxx", "+PONG\r\n"},
            {"\u0000\u00ff\r\n", ""},
        };
        try (SentinelNode s = SentinelNode.builder(kind).create().start()) {
            for (String[] c : cases) {
                try (Socket sock = new Socket("127.0.0.1", s.port())) {
                    assertThat(exchange(sock, c[0].getBytes(StandardCharsets.ISO_8859_1), 1500))
                            .as(kind + " " + c[0].substring(0, Math.min(20, c[0].length()))).isEqualTo(c[1]);
                }
            }
            assertThat(s.call("PING").str()).isEqualTo("PONG");
        }
    }
}
