package io.jsentinel.state;

import io.jsentinel.events.SentinelEvent;

/**
 * An alarm that is on for an instance (docs/churn.md, "Alarms"): the event that raised it, and when (loop time).
 * Nothing that decides reads these.
 *
 * @param raisedBy the event that raised it, as published
 * @param since loop time of the raise
 */
public record ActiveAlarm(SentinelEvent.Alarm raisedBy, long since) {
}
