package io.jsentinel;

/** What this sentinel currently thinks of an instance (protocol doc §5). */
public enum InstanceStatus {
    /** Answering PING in time. */
    OK,
    /** Subjectively down: no valid PING reply for down-after-milliseconds. */
    SDOWN,
    /** Objectively down (masters only): enough sentinels agree it is down. */
    ODOWN
}
