package io.jsentinel;

import io.jsentinel.core.SentinelCore;
import io.jsentinel.event.EventSink;
import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One coordinated switchover asked for through the embedding API: starts it on the loop and follows this
 * sentinel's events about the master until it switched ({@code +switch-master}) or aborted (a
 * {@code -failover-abort-*}), collecting them as the timeline.
 */
final class SwitchoverWatch implements EventSink {
    /** Beyond the election (at most 10 s) and the two waits of failover-timeout, something else went wrong. */
    private static final long MARGIN_MILLIS = 15_000;

    private final String master;
    private final CompletableFuture<SwitchoverResult> done = new CompletableFuture<>();
    private final List<SentinelEvent> timeline = Collections.synchronizedList(new ArrayList<>());
    private volatile Address from;
    private volatile long epoch;

    private SwitchoverWatch(String master) {
        this.master = master;
    }

    /** Starts the switchover; runs on the loop ({@code loop} executes there), the result completes later. */
    static CompletableFuture<SwitchoverResult> start(SentinelCore core, Executor loop, String master, Address target,
                                                     Duration timeout) {
        SwitchoverWatch watch = new SwitchoverWatch(master);
        long pause = timeout == null ? 0 : Math.max(1, timeout.toMillis());
        loop.execute(() -> {
            Instance m = core.state().masters.get(master);
            if (m != null) {
                watch.from = new Address(m.addr.host(), m.addr.port());
            }
            core.events().addSink(watch);
            watch.done.whenComplete((r, e) -> loop.execute(() -> core.events().removeSink(watch)));
            RespValue reply = core.commands().startFailover(master, true, target == null ? null : target.host(),
                    target == null ? 0 : target.port(), pause);
            if (reply instanceof RespValue.Error e) {
                watch.finish(SwitchoverResult.Outcome.REFUSED, null, e.text());
                return;
            }
            watch.epoch = m.failoverEpoch;
            long wait = m.failoverTimeout * 2 + MARGIN_MILLIS;
            CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS, loop)
                    .execute(() -> watch.finish(SwitchoverResult.Outcome.TIMED_OUT, null, "no end seen"));
        });
        return watch.done;
    }

    @Override
    public void accept(SentinelEvent event) {
        if (!master.equals(event.masterName()) || done.isDone()) {
            return;
        }
        timeline.add(event);
        if (event instanceof SentinelEvent.SwitchMaster sm) {
            finish(SwitchoverResult.Outcome.SWITCHED, sm.newAddress(), null);
        } else if (event instanceof SentinelEvent.FailoverAbort abort) {
            finish(SwitchoverResult.Outcome.ABORTED, null, abort.type());
        }
    }

    private void finish(SwitchoverResult.Outcome outcome, Address to, String error) {
        List<SentinelEvent> events;
        synchronized (timeline) {
            events = List.copyOf(timeline);
        }
        done.complete(new SwitchoverResult(master, outcome, from, Optional.ofNullable(to), epoch, error, events));
    }
}
