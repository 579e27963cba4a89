package io.jsentinel.core;

/**
 * The thread that owns a core's state: the first thread to drive it (the runtime's loop, a test's thread, the
 * simulation's). The core's entry points assert {@link #isCurrent()}, so with assertions on (tests) a state
 * change from another thread fails at once.
 */
final class LoopOwner {
    private volatile Thread owner;

    /** Whether the caller owns the state, binding the first caller. */
    boolean isCurrent() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        }
        return owner == t;
    }

    String describeViolation() {
        Thread o = owner;
        return "sentinel state touched from " + Thread.currentThread().getName() + ", owned by "
                + (o == null ? "nobody" : o.getName());
    }
}
