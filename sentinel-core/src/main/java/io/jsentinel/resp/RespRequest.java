package io.jsentinel.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One unit decoded from a client's input: a command, or the protocol error that ends the connection. */
public sealed interface RespRequest {

    /** A complete command; {@code argv} is never empty. */
    record Command(List<byte[]> argv) implements RespRequest {
        public String name() {
            return new String(argv.get(0), StandardCharsets.UTF_8);
        }
    }

    /**
     * Malformed input: Redis replies {@code -ERR Protocol error: <message>} and closes the connection.
     *
     * @param message the text after {@code "Protocol error: "}
     */
    record ProtocolError(String message) implements RespRequest {
    }
}
