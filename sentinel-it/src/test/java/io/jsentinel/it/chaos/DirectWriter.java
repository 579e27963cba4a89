package io.jsentinel.it.chaos;

import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client pinned to one address, as an application that resolved the master once and never asks the
 * sentinels again: {@code SET <prefix><n> <n>} in a loop on its own thread, reconnecting after any error. It is
 * the client that writes to an old master that comes back as a master after a failover. Each acknowledged key is
 * kept with the time of its {@code +OK} and the time its connection was opened: a connection opened after the
 * old process was SIGKILLed can only have reached the restarted one.
 */
final class DirectWriter implements AutoCloseable {
    /** One {@code +OK}; {@code connectedNanos} is when the connection that carried it started connecting. */
    record Ack(String key, long ackNanos, long connectedNanos) {
    }

    /** Keeps the loop from taking a core from the sentinels on a shared 2-core machine. */
    private static final long PAUSE_MILLIS = 2;
    /** Refused connections and READONLY answers come back at once; retrying in a tight loop would be the same. */
    private static final long ERROR_BACKOFF_MILLIS = 20;

    private final int port;
    private final String password;
    private final String prefix;
    private final List<Ack> acks = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long errors;
    private volatile String lastError = "";

    DirectWriter(int port, String password, String prefix) {
        this.port = port;
        this.password = password;
        this.prefix = prefix;
        this.thread = new Thread(this::loop, "direct-writer-" + port);
        thread.setDaemon(true);
    }

    DirectWriter start() {
        thread.start();
        return this;
    }

    private void loop() {
        RawResp connection = null;
        long connectedNanos = 0;
        long n = 0;
        while (running) {
            try {
                if (connection == null) {
                    connectedNanos = System.nanoTime();
                    connection = RawResp.connect(port, Duration.ofSeconds(1));
                    if (password != null) {
                        expectOk(connection.call("AUTH", password));
                    }
                }
                // a fresh n for every attempt: a SET whose reply was lost may still have been applied and replicated
                long attempt = n++;
                String key = prefix + attempt;
                Resp reply = connection.call("SET", key, Long.toString(attempt));
                long now = System.nanoTime();
                expectOk(reply);
                synchronized (acks) {
                    acks.add(new Ack(key, now, connectedNanos));
                }
                sleep(PAUSE_MILLIS);
            } catch (RuntimeException e) {
                errors++;
                lastError = String.valueOf(e.getMessage());
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                sleep(ERROR_BACKOFF_MILLIS);
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private static void expectOk(Resp reply) {
        if (reply.isError() || !"OK".equals(reply.text())) {
            throw new IllegalStateException(reply.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    int ackCount() {
        synchronized (acks) {
            return acks.size();
        }
    }

    long errors() {
        return errors;
    }

    String lastError() {
        return lastError;
    }

    /** Stops the loop and waits for it; the acknowledgements stay readable. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
