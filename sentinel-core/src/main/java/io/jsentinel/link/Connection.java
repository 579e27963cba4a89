package io.jsentinel.link;

import io.jsentinel.resp.RespValue;
import java.util.List;
import java.util.function.Consumer;

/**
 * One outgoing RESP2 connection to a Redis node or a peer sentinel, as the sentinel loop sees it.
 * All callbacks run on the sentinel loop. Methods may be called only from the sentinel loop.
 */
public interface Connection {
    /**
     * Sends one command (already renamed). The callback receives the reply, a {@link RespValue.Error}
     * for an error reply, or {@code null} when the connection was lost before the reply arrived.
     * Commands are written in call order and pipelined.
     */
    void send(List<byte[]> argv, Consumer<RespValue> onReply);

    /** True from {@link ConnectionListener#onConnected} until closed or lost. */
    boolean isOpen();

    /** The local IP address of the socket (for hello messages), or null before connecting. */
    String localAddress();

    /** Closes the connection; pending callbacks receive {@code null}. Idempotent. */
    void close();
}
