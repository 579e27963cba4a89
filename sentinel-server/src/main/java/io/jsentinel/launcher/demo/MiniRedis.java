package io.jsentinel.launcher.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One-shot RESP commands for the demo's readiness checks and the class-data training run (no client library
 * needed), and free local ports for the nodes they start.
 */
public final class MiniRedis {
    private MiniRedis() {
    }

    /** Sends one command to 127.0.0.1:{@code port}; returns the reply as text (errors start with {@code -}). */
    public static String call(int port, String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String line = readLine(in);
            if (line.startsWith("$")) {
                int len = Integer.parseInt(line.substring(1));
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                return new String(data, StandardCharsets.UTF_8);
            }
            return line.startsWith("+") || line.startsWith(":") ? line.substring(1) : line;
        }
    }

    /** True when the node answers PING. */
    public static boolean pings(int port) {
        try {
            return "PONG".equals(call(port, "PING"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port on 127.0.0.1 that nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
