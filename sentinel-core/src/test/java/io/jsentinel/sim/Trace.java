package io.jsentinel.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The event trace of a run: a 64-bit FNV-1a hash over every line (to prove replays identical) and the
 * last lines kept for the failure report.
 */
final class Trace {
    private static final int KEEP = 80;
    private long hash = 0xcbf29ce484222325L;
    private long lines;
    private final Deque<String> tail = new ArrayDeque<>();
    private final boolean echo;

    Trace(boolean echo) {
        this.echo = echo;
    }

    void add(long time, String line) {
        String l = time + " " + line;
        for (byte b : l.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= '\n';
        hash *= 0x100000001b3L;
        lines++;
        if (echo) {
            System.out.println(l);
        }
        tail.addLast(l);
        if (tail.size() > KEEP) {
            tail.removeFirst();
        }
    }

    long hash() {
        return hash;
    }

    long lines() {
        return lines;
    }

    String tail() {
        return String.join("\n", tail);
    }
}
