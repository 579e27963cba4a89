package io.jsentinel.it.chaos;

import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import java.time.Duration;

/**
 * Watches the restarted old master every 10 ms from before its start: its first {@code PONG}, the first
 * {@code ROLE} that says slave (and of whom), then {@code master_link_status:up}. A thread of its own because
 * the restart itself blocks until the node is ready, and the first PONG must be timed during it.
 */
final class OldMasterWatch {
    private static final long POLL_MILLIS = 10;
    private final int port;
    private final String password;
    private final Thread thread;
    private volatile boolean running = true;
    volatile long firstPongNanos;
    volatile long slaveNanos;
    volatile int slaveOf = -1;
    volatile long linkUpNanos;
    volatile String last = "nothing yet";

    OldMasterWatch(int port, String password) {
        this.port = port;
        this.password = password;
        this.thread = new Thread(this::loop, "old-master-watch-" + port);
        thread.setDaemon(true);
    }

    OldMasterWatch start() {
        thread.start();
        return this;
    }

    private void loop() {
        RawResp c = null;
        while (running && linkUpNanos == 0) {
            try {
                if (c == null) {
                    c = RawResp.connect(port, Duration.ofMillis(500));
                    Resp auth = c.call("AUTH", password);
                    if (auth.isError()) {
                        throw new IllegalStateException("AUTH: " + auth);
                    }
                }
                poll(c);
            } catch (RuntimeException e) {
                last = e.toString();
                if (c != null) {
                    c.close();
                    c = null;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (c != null) {
            c.close();
        }
    }

    private void poll(RawResp c) {
        if (firstPongNanos == 0) {
            Resp pong = c.call("PING");
            last = pong.toString();
            if ("PONG".equals(pong.text())) {
                firstPongNanos = System.nanoTime();
            }
        } else if (slaveNanos == 0) {
            Resp role = c.call("ROLE");
            last = role.toString();
            if ("slave".equals(role.get(0).text())) {
                slaveOf = Integer.parseInt(role.get(2).text());
                slaveNanos = System.nanoTime();
            }
        } else {
            String info = c.call("INFO", "replication").str();
            last = info.replace("\r\n", " ");
            if (info.contains("master_link_status:up")) {
                linkUpNanos = System.nanoTime();
            }
        }
    }

    /** Waits until the node is a replica with its link up; false on timeout (the watch then stops). */
    boolean awaitLinkUp(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        return linkUpNanos != 0;
    }
}
