package io.jsentinel.state;

/**
 * The thread that owns a sentinel's state: the first thread to drive it (the runtime's loop, a test's thread,
 * the simulation's). Every entry point into the state (tick, commands, hellos, link callbacks) asserts
 * {@link #isCurrent()}, so with assertions on (tests) a state change from another thread fails at once.
 */
public final class LoopOwner {
    private volatile Thread owner;

    /** Whether the caller owns the state, binding the first caller. */
    public boolean isCurrent() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        }
        return owner == t;
    }

    public String describeViolation() {
        Thread o = owner;
        return "sentinel state touched from " + Thread.currentThread().getName() + ", owned by "
                + (o == null ? "nobody" : o.getName());
    }
}
