package io.jsentinel.event;

import io.jsentinel.events.Address;
import io.jsentinel.event.EventSink;
import io.jsentinel.events.EventInfo;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.InstanceRef;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Instance;
import io.jsentinel.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the typed events (protocol doc §7): stamps them with level, master and time, logs their Redis text
 * at their level and hands them to every sink (pub/sub, listeners, scripts, metrics). Runs on the
 * sentinel loop.
 */
public final class Events {
    /** Event lines are logged on this logger; the launcher formats them like Redis. */
    public static final Logger EVENT_LOG = LoggerFactory.getLogger("io.jsentinel.events");

    private final Clock clock;
    /** The announced host of an address (IP unless announce-hostnames). */
    private final Function<Endpoint, String> hostOf;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private BiConsumer<Instance, SentinelEvent> notificationHook = (ri, e) -> { };
    private boolean muted;

    public Events(Clock clock, Function<Endpoint, String> hostOf) {
        this.clock = clock;
        this.hostOf = hostOf;
    }

    /** Stops logging events (sinks still get them): for a core that is not the sentinel itself. */
    public void mute() {
        muted = true;
    }

    public boolean muted() {
        return muted;
    }

    public void setNotificationHook(BiConsumer<Instance, SentinelEvent> hook) {
        this.notificationHook = hook;
    }

    public void addSink(EventSink sink) {
        sinks.add(sink);
    }

    public void removeSink(EventSink sink) {
        sinks.remove(sink);
    }

    /**
     * An event about an instance, e.g. {@code instance(WARNING, ri, SubjectivelyDown::new)}: its text starts
     * with the instance's details as they are now. Returns the event.
     */
    public <E extends SentinelEvent.InstanceEvent> E instance(EventLevel level, Instance ri,
                                                             BiFunction<EventInfo, InstanceRef, E> kind) {
        E event = kind.apply(info(level, ri.owner().name), ref(ri));
        fire(event);
        notificationHook.accept(ri, event);
        return event;
    }

    /**
     * An event whose text carries no instance details (+new-epoch, +vote-for-leader, +switch-master, TILT,
     * scripts), e.g. {@code global(WARNING, master.name, info -> new NewEpoch(info, epoch))}.
     *
     * @param masterName the master it concerns, or null
     */
    public void global(EventLevel level, String masterName, Function<EventInfo, ? extends SentinelEvent> kind) {
        fire(kind.apply(info(level, masterName)));
    }

    /** An address as events show it: with the announced host. */
    public Address announced(Endpoint addr) {
        return new Address(hostOf.apply(addr), addr.port());
    }

    /** The instance as its details show it now (master name and address as of this event). */
    public InstanceRef ref(Instance ri) {
        if (ri.isMaster()) {
            Address a = announced(ri.addr);
            return new InstanceRef(InstanceRef.Kind.MASTER, ri.name, a, ri.name, a);
        }
        InstanceRef.Kind kind = ri.isSlave() ? InstanceRef.Kind.REPLICA : InstanceRef.Kind.SENTINEL;
        return new InstanceRef(kind, ri.name, announced(ri.addr), ri.master.name, announced(ri.master.addr));
    }

    private EventInfo info(EventLevel level, String masterName) {
        return new EventInfo(level, masterName, Instant.ofEpochMilli(clock.wallMillis()));
    }

    private void fire(SentinelEvent event) {
        if (!muted) {
            log(event);
        }
        for (EventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // A broken sink must never stop the sentinel loop.
                LoggerFactory.getLogger(Events.class).warn("Event sink failed on {}: {}", event.type(), e.toString());
            }
        }
    }

    private static void log(SentinelEvent e) {
        switch (e.level()) {
            case WARNING -> EVENT_LOG.warn(logLine(e));
            case NOTICE -> EVENT_LOG.info(logLine(e));
            case VERBOSE -> {
                if (EVENT_LOG.isDebugEnabled()) {
                    EVENT_LOG.debug(logLine(e));
                }
            }
            case DEBUG -> {
                if (EVENT_LOG.isTraceEnabled()) {
                    EVENT_LOG.trace(logLine(e));
                }
            }
        }
    }

    /** The line Redis logs for an event, without the log prefix. */
    private static String logLine(SentinelEvent e) {
        return e.type() + " " + e.message();
    }
}
