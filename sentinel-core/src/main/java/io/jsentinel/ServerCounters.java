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
 * @param commandsByName commands executed since start, by lower-case name ({@code unknown} for others)
 */
public record ServerCounters(int connectedClients, long connectionsReceived, long rejectedConnections,
                             long commandsProcessed, long errorReplies, int pubsubChannels, int pubsubPatterns,
                             java.util.Map<String, Long> commandsByName) {

    public ServerCounters {
        commandsByName = java.util.Map.copyOf(commandsByName == null ? java.util.Map.of() : commandsByName);
    }

    /** The counters without the per-command breakdown. */
    public ServerCounters(int connectedClients, long connectionsReceived, long rejectedConnections,
                          long commandsProcessed, long errorReplies, int pubsubChannels, int pubsubPatterns) {
        this(connectedClients, connectionsReceived, rejectedConnections, commandsProcessed, errorReplies,
                pubsubChannels, pubsubPatterns, java.util.Map.of());
    }
}
