package io.jsentinel.discovery;

import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.detect.StaleEntryRule;
import io.jsentinel.detect.StaleEntryRule.LiveRecord;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.List;

/**
 * Applies {@link StaleEntryRule} once per tick and master when {@code forget-stale-after-milliseconds} is set:
 * keeps the record of the most sentinels seen alive together, and drops stale peers and replicas with a
 * {@code -sentinel} or {@code -slave} event and a config rewrite.
 */
public final class Forgetter {
    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Monitor monitor;
    private final ConfigFlusher flusher;

    public Forgetter(SentinelState state, LoopClock clock, Events events, Monitor monitor, ConfigFlusher flusher) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.monitor = monitor;
        this.flusher = flusher;
    }

    public void tick(Instance master) {
        if (state.forgetStaleAfter <= 0 || state.tilt) {
            return;
        }
        long now = clock.now();
        boolean changed = recordLiveSentinels(master, now);
        for (Instance p : List.copyOf(master.sentinels.values())) {
            if (StaleEntryRule.forPeer(master, p, now, state.forgetStaleAfter, state.tilt, state.timers)
                    == StaleEntryRule.Reason.STALE) {
                events.instance(EventLevel.NOTICE, p, SentinelEvent.SentinelForgotten::new);
                monitor.releaseLink(p);
                master.sentinels.remove(p.name);
                changed = true;
            }
        }
        for (Instance s : List.copyOf(master.slaves.values())) {
            if (StaleEntryRule.forReplica(master, s, now, state.forgetStaleAfter, state.tilt, state.timers)
                    == StaleEntryRule.Reason.STALE) {
                events.instance(EventLevel.NOTICE, s, SentinelEvent.ReplicaForgotten::new);
                monitor.releaseLink(s);
                master.slaves.remove(s.name);
                changed = true;
            }
        }
        if (changed) {
            flusher.flushConfig();
        }
    }

    /** Returns whether the persisted record went up. */
    private boolean recordLiveSentinels(Instance master, long now) {
        LiveRecord before = new LiveRecord(master.liveSentinelsSeen, master.liveAboveMin, master.liveAboveSince);
        LiveRecord after = StaleEntryRule.track(before, StaleEntryRule.liveSentinels(master, now, state.timers), now,
                StaleEntryRule.holdFor(state.timers));
        master.liveAboveMin = after.aboveMin();
        master.liveAboveSince = after.aboveSince();
        if (after.seen() != before.seen()) {
            master.liveSentinelsSeen = after.seen();
            return true;
        }
        return false;
    }
}
