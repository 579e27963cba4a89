package io.jsentinel;

/**
 * Counters of the client-facing server (the numbers behind {@code INFO stats} and {@code INFO clients}).
 *
 * @param connectedClients clients connected now
 * @param connectionsReceived connections accepted since start
 * @param rejectedConnections connections refused (maxclients, protected mode)
 * @param commandsProcessed commands executed since start
 * @param errorReplies error replies sent since start
 * @param pubsubChannels channels with at least one subscriber
 * @param pubsubPatterns patterns with at least one subscriber
 */
public record ServerCounters(int connectedClients, long connectionsReceived, long rejectedConnections,
                             long commandsProcessed, long errorReplies, int pubsubChannels, int pubsubPatterns) {
}
