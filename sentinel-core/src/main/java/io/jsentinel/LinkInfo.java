package io.jsentinel;

/**
 * The state of this sentinel's connections to one instance, at snapshot time.
 *
 * @param connected true when every required connection (command, and pub/sub for Redis nodes) is up
 * @param pendingCommands commands sent and not yet answered
 * @param pingRttMillis round trip of the last answered PING in milliseconds (millisecond resolution, so
 *     local links often show 0), or -1 when no PING has been answered since the last one was sent
 * @param lastOkPingMillisAgo milliseconds since the last valid PING reply (PONG, LOADING, MASTERDOWN)
 */
public record LinkInfo(boolean connected, int pendingCommands, long pingRttMillis, long lastOkPingMillisAgo) {
}
