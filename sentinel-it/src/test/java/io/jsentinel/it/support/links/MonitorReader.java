package io.jsentinel.it.support.links;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code MONITOR} output of a redis-server over a plain socket, keeping for each logged
 * command its client address and its arguments.
 */
public final class MonitorReader implements AutoCloseable {

    /**
     * One monitored command.
     *
     * @param micros when the server ran it, in microseconds of its wall clock (the line's timestamp)
     */
    public record Entry(String client, List<String> args, long micros) {
        public String name() {
            return args.isEmpty() ? "" : args.get(0).toUpperCase(java.util.Locale.ROOT);
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\+(\\d+)\\.(\\d+) \\[\\d+ ([^\\]]+)\\] (.*)$");
    private static final Pattern ARG = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Socket socket;
    private final List<Entry> entries = new ArrayList<>();
    private final Thread reader;

    private MonitorReader(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "monitor-reader");
        this.reader.setDaemon(true);
    }

    /** Connects, authenticates if {@code password} is not null, and starts MONITOR. */
    public static MonitorReader start(int port, String password) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        if (password != null) {
            out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
            expectOk(in.readLine());
        }
        out.write("MONITOR\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        expectOk(in.readLine());
        MonitorReader m = new MonitorReader(s);
        m.readerInput = in;
        m.reader.start();
        return m;
    }

    private BufferedReader readerInput;

    private static void expectOk(String line) throws IOException {
        if (!"+OK".equals(line)) {
            throw new IOException("unexpected reply: " + line);
        }
    }

    private void readLoop() {
        try {
            String line;
            while ((line = readerInput.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                List<String> args = new ArrayList<>();
                Matcher a = ARG.matcher(m.group(4));
                while (a.find()) {
                    args.add(a.group(1));
                }
                synchronized (entries) {
                    entries.add(new Entry(m.group(3), args,
                            Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2))));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
