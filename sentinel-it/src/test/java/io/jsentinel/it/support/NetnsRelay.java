package io.jsentinel.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny relay that runs inside a network namespace (its own JVM, JDK classes only): it accepts connections
 * on a Unix socket, which is visible from every namespace, reads one header line {@code <ip> <port>} and
 * forwards bytes to that TCP address inside the namespace. The test JVM stays in the root namespace and
 * reaches the namespace's 127.0.0.x addresses through it ({@link NetLab}). Runs as the uid of the host it
 * stands for, so the partition rules treat its traffic like that host's.
 */
public final class NetnsRelay {
    private NetnsRelay() {
    }

    /** {@code NetnsRelay <unix socket path> [source ip]}. */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        String source = args.length > 1 ? args[1] : null;
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        System.out.println("relay listening on " + path);
        while (true) {
            SocketChannel unix = server.accept();
            Thread t = new Thread(() -> serve(unix, source), "relay");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(SocketChannel unix, String source) {
        try {
            String[] header = readLine(unix).trim().split(" ");
            SocketChannel tcp = SocketChannel.open();
            if (source != null) {
                tcp.bind(new InetSocketAddress(source, 0));
            }
            tcp.connect(new InetSocketAddress(header[0], Integer.parseInt(header[1])));
            tcp.socket().setTcpNoDelay(true);
            pipe(unix, tcp);
        } catch (IOException | RuntimeException e) {
            close(unix);
        }
    }

    private static String readLine(SocketChannel ch) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("eof in header");
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return sb.toString();
            }
            sb.append(c);
        }
    }

    /** Copies both ways on two threads; when either direction ends, both channels are closed. */
    static void pipe(SocketChannel a, SocketChannel b) {
        Thread t = new Thread(() -> copy(b, a), "pipe");
        t.setDaemon(true);
        t.start();
        copy(a, b);
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            close(from);
            close(to);
        }
    }

    static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    static byte[] header(String ip, int port) {
        return (ip + " " + port + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
