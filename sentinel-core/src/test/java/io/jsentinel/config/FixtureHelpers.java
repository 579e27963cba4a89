package io.jsentinel.config;

/** Small builders for tests. */
final class FixtureHelpers {
    private FixtureHelpers() {
    }

    static SentinelConfig withMyId(SentinelConfig c, String id) {
        return new SentinelConfig(id, c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), c.server(),
                c.masters());
    }

    static SentinelConfig withServer(SentinelConfig c, ServerSettings server) {
        return new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), server,
                c.masters());
    }
}
