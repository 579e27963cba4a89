package io.jsentinel.server;

import io.jsentinel.resp.RespValue;
import io.jsentinel.util.GlobMatcher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel and pattern subscriptions of all sessions. Thread-safe: sessions subscribe on their own
 * thread while {@link #publish} may be called from any thread.
 */
public final class PubSub {
    private static final RespValue MESSAGE = RespValue.bulk("message");
    private static final RespValue PMESSAGE = RespValue.bulk("pmessage");

    private final Map<String, Set<ClientSession>> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> patterns = new ConcurrentHashMap<>();

    /** Registers {@code session} on {@code channel}; false if it already was. */
    public boolean subscribe(ClientSession session, String channel) {
        if (!session.channels().add(channel)) {
            return false;
        }
        channels.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    public boolean unsubscribe(ClientSession session, String channel) {
        if (!session.channels().remove(channel)) {
            return false;
        }
        channels.computeIfPresent(channel, (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        return true;
    }

    public boolean psubscribe(ClientSession session, String pattern) {
        if (!session.patterns().add(pattern)) {
            return false;
        }
        patterns.computeIfAbsent(pattern, k -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    public boolean punsubscribe(ClientSession session, String pattern) {
        if (!session.patterns().remove(pattern)) {
            return false;
        }
        patterns.computeIfPresent(pattern, (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        return true;
    }

    /** Drops every subscription of a closed session. */
    public void removeAll(ClientSession session) {
        for (String ch : List.copyOf(session.channels())) {
            unsubscribe(session, ch);
        }
        for (String p : List.copyOf(session.patterns())) {
            punsubscribe(session, p);
        }
    }

    /** Delivers to channel then pattern subscribers, as Redis' pubsubPublishMessage; returns receivers. */
    public int publish(String channel, String message) {
        int receivers = 0;
        RespValue ch = RespValue.bulk(channel);
        RespValue msg = RespValue.bulk(message);
        Set<ClientSession> direct = channels.get(channel);
        if (direct != null) {
            RespValue push = new RespValue.Push(List.of(MESSAGE, ch, msg));
            for (ClientSession s : direct) {
                s.push(push);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            byte[] channelBytes = channel.getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, Set<ClientSession>> e : patterns.entrySet()) {
                if (!GlobMatcher.matches(e.getKey().getBytes(StandardCharsets.UTF_8), channelBytes, false)) {
                    continue;
                }
                RespValue push = new RespValue.Push(List.of(PMESSAGE, RespValue.bulk(e.getKey()), ch, msg));
                for (ClientSession s : e.getValue()) {
                    s.push(push);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }
}
