package io.jsentinel;

/** A started sentinel. {@link #close()} flushes the config, closes links and the listening sockets. */
public interface RunningSentinel extends AutoCloseable {
    /** The bound TCP port (useful with port 0). */
    int port();

    /** This sentinel's 40-character id. */
    String myId();

    @Override
    void close();
}
