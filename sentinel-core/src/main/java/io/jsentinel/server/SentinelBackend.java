package io.jsentinel.server;

import io.jsentinel.resp.RespValue;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/**
 * What the client-facing server needs from the sentinel core. Every method except {@link #loop()}
 * must be called on {@link #loop()}.
 */
public interface SentinelBackend {
    /** The single thread that owns all sentinel state. */
    EventExecutor loop();

    /** Executes {@code SENTINEL <sub> ...}; {@code argv} includes the word SENTINEL. */
    RespValue sentinelCommand(List<byte[]> argv);

    /**
     * The reply to {@code SENTINEL GET-MASTER-ADDR-BY-NAME name}; unlike the other methods callable from
     * any thread (the I/O threads answer it without a hop to the loop).
     */
    default RespValue masterAddress(String name) {
        throw new UnsupportedOperationException("masterAddress");
    }

    /** The {@code # Sentinel} section of INFO, lines ending in CRLF. */
    String infoSentinelSection();

    /** Names of the monitored masters, for ROLE. */
    List<String> masterNames();

    /** Processes a hello received through our own PUBLISH command (protocol doc §4.2). */
    void processHello(String payload);

    /** This sentinel's 40-character id. */
    String myId();

    /** SHUTDOWN: flush the config, close links, and stop the process or the embedded sentinel. */
    void shutdown();
}
