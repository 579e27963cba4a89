package io.jsentinel.link;

/** Connection life cycle and pub/sub messages; every method runs on the sentinel loop. */
public interface ConnectionListener {
    /** The TCP (or TLS) connection is established; commands may be sent. */
    void onConnected(Connection connection);

    /** A 3-element pub/sub {@code message} frame arrived (pub/sub connections only). */
    default void onMessage(Connection connection, String channel, byte[] message) {
    }

    /** The connection failed to open, or was lost or closed. Called at most once. */
    void onDisconnected(Connection connection, Throwable cause);
}
