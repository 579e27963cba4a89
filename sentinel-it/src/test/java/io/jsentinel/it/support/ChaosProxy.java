package io.jsentinel.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that delays, "loses" and blackholes traffic to one target port, for kernels
 * without netem. Each chunk read from one side is delivered to the other after {@code delay ± jitter} ms,
 * in order; a lost chunk costs an extra retransmission timeout (what TCP makes of a lost segment), and in
 * blackhole mode nothing is delivered until it is switched off (the data waits, as in a real blackhole
 * whose routes come back before the connection times out). Settings apply to new chunks at once.
 */
public final class ChaosProxy implements AutoCloseable {
    private static final long RETRANSMIT_MILLIS = 400;

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile long delayMillis;
    private volatile long jitterMillis;
    private volatile double lossRate;
    private volatile boolean blackhole;
    private volatile boolean closed;

    private record Chunk(byte[] data, long dueNanos) {
    }

    public ChaosProxy(int targetPort) {
        this.target = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "chaos-proxy-" + port());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Latency per chunk and direction: {@code delay} ms plus a uniform {@code ±jitter}. */
    public ChaosProxy latency(long delay, long jitter) {
        this.delayMillis = delay;
        this.jitterMillis = jitter;
        return this;
    }

    /** The share of chunks that are "lost" and arrive one retransmission timeout late. */
    public ChaosProxy loss(double rate) {
        this.lossRate = rate;
        return this;
    }

    /** While on, no byte passes (both directions); queued data flows again when switched off. */
    public ChaosProxy blackhole(boolean on) {
        this.blackhole = on;
        return this;
    }

    /** Back to a transparent proxy. */
    public ChaosProxy clear() {
        return latency(0, 0).loss(0).blackhole(false);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                direction(client, upstream);
                direction(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void direction(Socket from, Socket to) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                long lastDue = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayFor());
                    lastDue = Math.max(lastDue, due); // TCP keeps order
                    queue.put(new Chunk(Arrays.copyOf(buf, n), lastDue));
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
            try {
                queue.put(new Chunk(null, 0));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "chaos-proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = queue.take();
                    if (c.data() == null) {
                        break;
                    }
                    // holding data until it is due is the fault being simulated, not synchronisation
                    long wait;
                    while ((wait = c.dueNanos() - System.nanoTime()) > 0 || blackhole) {
                        if (closed) {
                            return;
                        }
                        Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(wait))));
                    }
                    out.write(c.data());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "chaos-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private long delayFor() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long d = delayMillis + (jitterMillis > 0 ? r.nextLong(-jitterMillis, jitterMillis + 1) : 0);
        if (lossRate > 0 && r.nextDouble() < lossRate) {
            d += RETRANSMIT_MILLIS;
        }
        return Math.max(0, d);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        synchronized (sockets) {
            sockets.forEach(ChaosProxy::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
