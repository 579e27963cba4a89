package io.jsentinel.link;

/**
 * Opens outgoing connections. Production uses Lettuce over the server's Netty event loops; tests and
 * the simulation use in-memory fakes. Never blocks the caller.
 */
public interface LinkFactory extends AutoCloseable {
    /**
     * Starts connecting a command connection to {@code target}. The returned connection is not open
     * until {@link ConnectionListener#onConnected} is called. No automatic reconnection: after
     * {@link ConnectionListener#onDisconnected} the sentinel decides when to connect again.
     */
    Connection openCommand(Endpoint target, ConnectionListener listener);

    /**
     * Starts connecting a pub/sub connection. Commands sent on it before subscribing (AUTH, CLIENT
     * SETNAME) behave as on a command connection; {@code SUBSCRIBE channel} puts it in subscribed
     * mode, after which {@link ConnectionListener#onMessage} receives messages.
     */
    Connection openPubSub(Endpoint target, ConnectionListener listener);

    @Override
    void close();
}
