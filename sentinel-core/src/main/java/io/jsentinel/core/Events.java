package io.jsentinel.core;

import io.jsentinel.event.EventLevel;
import io.jsentinel.event.EventSink;
import io.jsentinel.event.SentinelEvent;
import io.jsentinel.state.Instance;
import io.jsentinel.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds events in Redis' exact text (protocol doc §7.1), logs them at their level and hands them to
 * every sink (pub/sub, listeners, scripts, metrics). Runs on the sentinel loop.
 */
public final class Events {
    /** Event lines are logged on this logger; the launcher formats them like Redis. */
    public static final Logger EVENT_LOG = LoggerFactory.getLogger("io.jsentinel.events");

    private final Clock clock;
    /** The announced host of an address (IP unless announce-hostnames). */
    private final java.util.function.Function<io.jsentinel.link.Endpoint, String> hostOf;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private java.util.function.BiConsumer<Instance, SentinelEvent> notificationHook = (ri, e) -> { };

    public Events(Clock clock, java.util.function.Function<io.jsentinel.link.Endpoint, String> hostOf) {
        this.clock = clock;
        this.hostOf = hostOf;
    }

    private boolean muted;

    /** Stops logging events (sinks still get them): for a core that is not the sentinel itself. */
    void mute() {
        muted = true;
    }

    boolean muted() {
        return muted;
    }

    void setNotificationHook(java.util.function.BiConsumer<Instance, SentinelEvent> hook) {
        this.notificationHook = hook;
    }

    public void addSink(EventSink sink) {
        sinks.add(sink);
    }

    /** The details prefix of an instance: {@code master <name> <ip> <port>} or with {@code @ <master>}. */
    public String details(Instance ri) {
        String base = kind(ri) + " " + ri.name + " " + hostOf.apply(ri.addr) + " " + ri.addr.port();
        if (ri.isMaster()) {
            return base;
        }
        Instance m = ri.master;
        return base + " @ " + m.name + " " + hostOf.apply(m.addr) + " " + m.addr.port();
    }

    private static String kind(Instance ri) {
        return ri.isMaster() ? "master" : ri.isSlave() ? "slave" : "sentinel";
    }

    /** An event about an instance: the message is the details, followed by {@code extra} if not empty. */
    public void emit(EventLevel level, String type, Instance ri, String extra) {
        String msg = details(ri);
        if (extra != null && !extra.isEmpty()) {
            msg = msg + " " + extra;
        }
        SentinelEvent event = fire(level, type, msg, ri.owner().name);
        notificationHook.accept(ri, event);
    }

    /** An event whose text carries no instance details (+new-epoch, +vote-for-leader, +switch-master, ...). */
    public void emitRaw(EventLevel level, String type, String message, String masterName) {
        fire(level, type, message, masterName);
    }

    private SentinelEvent fire(EventLevel level, String type, String message, String masterName) {
        SentinelEvent event = new SentinelEvent(type, message, level, masterName, clock.wallMillis());
        if (!muted) {
            log(event);
        }
        for (EventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // A broken sink must never stop the sentinel loop.
                LoggerFactory.getLogger(Events.class).warn("Event sink failed on {}: {}", type, e.toString());
            }
        }
        return event;
    }

    private static void log(SentinelEvent e) {
        switch (e.level()) {
            case WARNING -> EVENT_LOG.warn(e.logText());
            case NOTICE -> EVENT_LOG.info(e.logText());
            case VERBOSE -> EVENT_LOG.debug(e.logText());
            case DEBUG -> EVENT_LOG.trace(e.logText());
        }
    }
}
