package io.jsentinel.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP client over a plain socket: sends commands or raw bytes and reads exactly one
 * reply, parsed into a {@link Resp} tree that keeps RESP2/RESP3 type markers. Not thread-safe.
 */
public final class RawResp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawResp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port} with a 5 s read timeout. */
    public static RawResp connect(int port) {
        return connect(port, Duration.ofSeconds(5));
    }

    public static RawResp connect(int port, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RawResp(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** Sends one command as a RESP multibulk and returns its reply. */
    public Resp call(String... args) {
        send(args);
        return read();
    }

    /** Sends {@code HELLO 3} and returns its reply; later replies on this connection are RESP3. */
    public Resp hello3() {
        return call("HELLO", "3");
    }

    public void send(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        writeAscii(buf, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(buf, "$" + bytes.length + "\r\n");
            buf.writeBytes(bytes);
            writeAscii(buf, "\r\n");
        }
        sendRaw(buf.toByteArray());
    }

    /** Writes bytes as they are, e.g. an inline command {@code "PING\r\n"}. */
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one complete reply (blocking up to the read timeout). */
    public Resp read() {
        try {
            return parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the read timeout, e.g. to wait for pub/sub messages. */
    public void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Resp parse() throws IOException {
        int marker = in.read();
        if (marker < 0) {
            throw new EOFException("connection closed by server");
        }
        char type = (char) marker;
        String line = readLine();
        return switch (type) {
            case '+', '-', ':', ',', '#', '(' -> Resp.scalar(type, line);
            case '_' -> Resp.scalar('_', null);
            case '$', '=', '!' -> bulk(type, Integer.parseInt(line));
            case '*', '~', '>' -> aggregate(type, Integer.parseInt(line), 1);
            case '%' -> aggregate(type, Integer.parseInt(line), 2);
            case '|' -> {
                // attributes precede the real reply; tests compare the reply itself
                aggregate(type, Integer.parseInt(line), 2);
                yield parse();
            }
            default -> throw new IOException("unexpected RESP marker '" + type + "' followed by: " + line);
        };
    }

    private Resp bulk(char type, int len) throws IOException {
        if (len < 0) {
            return Resp.scalar(type, null);
        }
        byte[] data = in.readNBytes(len);
        if (data.length < len || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("truncated bulk string");
        }
        return Resp.scalar(type, new String(data, StandardCharsets.UTF_8));
    }

    private Resp aggregate(char type, int count, int perEntry) throws IOException {
        if (count < 0) {
            return new Resp(type, null, null);
        }
        List<Resp> items = new ArrayList<>(count * perEntry);
        for (int i = 0; i < count * perEntry; i++) {
            items.add(parse());
        }
        return Resp.aggregate(type, items);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static void writeAscii(ByteArrayOutputStream buf, String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
