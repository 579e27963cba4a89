package io.jsentinel.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server for tests that answers late, the stalled resolver of real Redis Sentinel TILT reports. It runs
 * in its own JVM inside a network namespace (JDK classes only, as {@link NetnsRelay}), on UDP {@code <ip>:53}.
 * For a name it knows it answers an {@code A} query with its address and any other type (glibc asks
 * {@code AAAA} alongside) with an empty NOERROR answer, both after the delay; names it does not know get
 * NXDOMAIN at once. Each query is answered on its own timer, so parallel queries are not queued behind each
 * other. Every query is logged on stdout, one line each ({@code query <type> <name> from <client>}), so a test
 * can count them.
 */
public final class SlowDnsResponder {
    static final String READY = "slow-dns ready";
    private static final int TYPE_A = 1;
    private static final int CLASS_IN = 1;

    private final DatagramChannel channel;
    private final long delayMillis;
    private final Map<String, byte[]> names;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private SlowDnsResponder(DatagramChannel channel, long delayMillis, Map<String, byte[]> names) {
        this.channel = channel;
        this.delayMillis = delayMillis;
        this.names = names;
    }

    /** {@code SlowDnsResponder <listen ip> <delay ms> <name>=<ipv4> ...}. */
    public static void main(String[] args) throws IOException {
        Map<String, byte[]> names = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            names.put(canonical(kv[0]), InetAddress.getByName(kv[1]).getAddress());
        }
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(args[0], 53));
        System.out.println(READY + " on " + args[0] + ":53, delay " + args[1] + " ms, names " + names.keySet());
        new SlowDnsResponder(channel, Long.parseLong(args[1]), names).serve();
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void serve() throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1500);
        while (true) {
            in.clear();
            SocketAddress client = channel.receive(in);
            in.flip();
            byte[] query = new byte[in.remaining()];
            in.get(query);
            try {
                handle(query, client);
            } catch (RuntimeException malformed) {
                System.out.println(Instant.now() + " malformed query from " + client + ": " + malformed);
            }
        }
    }

    private void handle(byte[] q, SocketAddress client) {
        if (q.length < 12 || count(q, 4) != 1) {
            return;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q[pos] != 0) {
            int len = q[pos] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, len, StandardCharsets.US_ASCII));
            pos += len + 1;
        }
        int questionEnd = pos + 5;  // the zero label, then type and class
        int type = count(q, pos + 1);
        String host = canonical(name.toString());
        byte[] ip = names.get(host);
        System.out.println(Instant.now() + " query " + (type == TYPE_A ? "A" : "type" + type) + " " + host
                + " from " + client + (ip == null ? " (unknown: NXDOMAIN)" : ""));
        byte[] reply = reply(q, questionEnd, ip == null ? 3 : 0, type == TYPE_A ? ip : null);
        if (ip == null) {
            send(reply, client);
        } else {
            timer.schedule(() -> send(reply, client), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The query's header and question, flagged as a recursive answer, with one A record when {@code ip} is set. */
    private static byte[] reply(byte[] q, int questionEnd, int rcode, byte[] ip) {
        ByteBuffer out = ByteBuffer.allocate(questionEnd + 16);
        out.put(q, 0, questionEnd);
        out.put(2, (byte) (0x80 | (q[2] & 0x01)));  // QR, and RD as asked
        out.put(3, (byte) (0x80 | rcode));           // RA, rcode
        out.putShort(6, (short) (ip == null ? 0 : 1));
        out.putShort(8, (short) 0);
        out.putShort(10, (short) 0);
        if (ip != null) {
            out.putShort((short) 0xc00c);  // the name, as a pointer to the question's
            out.putShort((short) TYPE_A);
            out.putShort((short) CLASS_IN);
            out.putInt(0);                 // TTL 0: nobody may cache the answer
            out.putShort((short) 4);
            out.put(ip);
        }
        byte[] bytes = new byte[out.position()];
        out.flip();
        out.get(bytes);
        return bytes;
    }

    private static int count(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private void send(byte[] reply, SocketAddress client) {
        try {
            channel.send(ByteBuffer.wrap(reply), client);
        } catch (IOException e) {
            System.out.println(Instant.now() + " could not answer " + client + ": " + e);
        }
    }
}
