package io.jsentinel.launcher.http;

import io.jsentinel.SentinelListener;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.launcher.http.ApiViews.AddressView;
import io.jsentinel.launcher.http.ApiViews.LastFailoverView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest failover of each master as this process saw it, for {@code lastFailover} in the API. A snapshot
 * carries only the current failover state, so this listens to the events: as the leader, from
 * {@code +try-failover} to {@code +switch-master} or a {@code -failover-abort-*}; as an observer, the
 * {@code +switch-master} learnt from a peer. Nothing before the start of this process is known.
 */
final class FailoverHistory implements SentinelListener {
    private final Map<String, LastFailoverView> last = new ConcurrentHashMap<>();

    /** The latest failover of {@code master}, or null when none was seen. */
    LastFailoverView last(String master) {
        return last.get(master);
    }

    @Override
    public void onEvent(SentinelEvent event) {
        String now = event.time().toString();
        if (event instanceof SentinelEvent.TryFailover t) {
            last.put(t.instance().master(), new LastFailoverView("leader", "in_progress", now, null,
                    AddressView.of(t.instance().address()), null, null));
        } else if (event instanceof SentinelEvent.SelectedSlave s) {
            last.computeIfPresent(s.instance().master(), (k, v) -> inProgress(v) ? new LastFailoverView(v.role(),
                    v.outcome(), v.startedAt(), null, v.from(), AddressView.of(s.instance().address()), null) : v);
        } else if (event instanceof SentinelEvent.FailoverAbort a) {
            last.computeIfPresent(a.instance().master(), (k, v) -> inProgress(v) ? new LastFailoverView(v.role(),
                    "aborted", v.startedAt(), now, v.from(), v.to(), a.type()) : v);
        } else if (event instanceof SentinelEvent.SwitchMaster sw) {
            last.compute(sw.master(), (k, v) -> switched(v, sw, now));
        } else if (event instanceof SentinelEvent.Unmonitored u) {
            last.remove(u.instance().master());
        }
    }

    private static LastFailoverView switched(LastFailoverView v, SentinelEvent.SwitchMaster sw, String now) {
        AddressView from = AddressView.of(sw.oldAddress());
        AddressView to = AddressView.of(sw.newAddress());
        if (inProgress(v)) {
            return new LastFailoverView(v.role(), "switched", v.startedAt(), now, from, to, null);
        }
        return new LastFailoverView("observer", "switched", null, now, from, to, null);
    }

    private static boolean inProgress(LastFailoverView v) {
        return v != null && v.outcome().equals("in_progress");
    }
}
