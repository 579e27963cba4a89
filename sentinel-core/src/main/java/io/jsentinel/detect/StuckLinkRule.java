package io.jsentinel.detect;

import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.Timers;

/**
 * Which of an instance's links look connected but are dead (protocol doc §2.4), so that reopening them is
 * better than waiting: a command link with a PING pending for half the down-after period and no reply of any
 * kind, and a pub/sub link that has not even heard our own hellos for three publish periods. A link younger
 * than the minimum reconnect period is never judged.
 */
public final class StuckLinkRule {
    private StuckLinkRule() {
    }

    public record Decision(boolean reopenCommandLink, boolean reopenPubSubLink) {
    }

    public static Decision decide(InstanceLink link, long downAfter, long now, Timers timers) {
        long half = downAfter / 2;
        boolean cmd = link.cc != null && now - link.ccConnTime > timers.minLinkReconnectPeriod
                && link.actPingTime != 0 && now - link.actPingTime > half && now - link.lastPongTime > half;
        boolean pubsub = link.pc != null && now - link.pcConnTime > timers.minLinkReconnectPeriod
                && now - link.pcLastActivity > timers.publishPeriod * 3;
        return new Decision(cmd, pubsub);
    }
}
