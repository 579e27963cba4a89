package io.jsentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node model's planned switchover, driven by hand on virtual time: {@code FAILOVER} with Redis 7.0.15's
 * checks, states and timing, {@code CLIENT PAUSE}/{@code UNPAUSE}, the {@code PSYNC ... FAILOVER} handoff, and
 * the invariants' bookkeeping around them (docs/simulation.md).
 */
class SimRedisFailoverTest {
    private World world;
    private SimRedis primary;
    private SimRedis replica1;
    private SimRedis replica2;
    private SimSentinel sentinel;

    /** One client connection to a node, as a sentinel's command link; replies are kept in arrival order. */
    private final class Client {
        final SimConnection connection;
        final List<RespValue> replies = new ArrayList<>();

        Client(SimRedis node) {
            connection = new SimConnection(world, sentinel, node, new ConnectionListener() {
                @Override
                public void onConnected(Connection c) {
                }

                @Override
                public void onDisconnected(Connection c, Throwable cause) {
                }
            }, false);
            runFor(50);
            assertThat(connection.isOpen()).isTrue();
        }

        void send(String... argv) {
            connection.send(args(argv), replies::add);
        }

        /** Sends, lets the reply arrive, and returns it. */
        RespValue call(String... argv) {
            int before = replies.size();
            send(argv);
            runFor(20);
            assertThat(replies).as("reply to %s", Arrays.toString(argv)).hasSize(before + 1);
            return replies.get(before);
        }

        /** The coordinated switchover's transaction: pause writes, then FAILOVER TO the target with the same time. */
        RespValue pauseAndFailover(SimRedis target, long t, String... extra) {
            call("MULTI");
            call("CLIENT", "PAUSE", Long.toString(t), "WRITE");
            List<String> failover = new ArrayList<>(List.of("FAILOVER", "TO", target.host(), "6379", "TIMEOUT",
                    Long.toString(t)));
            failover.addAll(List.of(extra));
            call(failover.toArray(String[]::new));
            return call("EXEC");
        }

        /** What the sentinel sends the old primary and the promoted replica after the promotion. */
        RespValue killAndUnpause() {
            call("MULTI");
            call("CONFIG", "REWRITE");
            call("CLIENT", "KILL", "TYPE", "normal");
            call("CLIENT", "KILL", "TYPE", "pubsub");
            call("CLIENT", "UNPAUSE");
            return call("EXEC");
        }
    }

    @BeforeEach
    void linkedCluster() {
        world = World.nodesOnly(11);
        primary = world.redis.get(0);
        replica1 = world.redis.get(1);
        replica2 = world.redis.get(2);
        sentinel = world.testClient(0);
        // two replication crons: both replicas linked and at the primary's offset
        runFor(1100);
        assertThat(replica1.linkUp).isTrue();
        assertThat(replica2.linkUp).isTrue();
    }

    private void runFor(long ms) {
        long until = world.sched.now() + ms;
        while (world.sched.step(until)) {
            world.invariants.afterStep();
        }
    }

    private static List<byte[]> args(String... argv) {
        List<byte[]> out = new ArrayList<>();
        for (String a : argv) {
            out.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String text(RespValue r) {
        if (r instanceof RespValue.SimpleString s) {
            return s.text();
        }
        if (r instanceof RespValue.Error e) {
            return e.text();
        }
        if (r instanceof RespValue.Integer i) {
            return Long.toString(i.value());
        }
        if (r instanceof RespValue.BulkString b) {
            return new String(b.bytes(), StandardCharsets.UTF_8);
        }
        if (r instanceof RespValue.Array a) {
            List<String> items = new ArrayList<>();
            for (RespValue i : a.items()) {
                items.add(text(i));
            }
            return items.toString();
        }
        return String.valueOf(r);
    }

    private static String failoverState(Client c) {
        for (String line : text(c.call("INFO")).split("\r\n")) {
            if (line.startsWith("master_failover_state:")) {
                return line.substring("master_failover_state:".length());
            }
        }
        throw new AssertionError("no master_failover_state in INFO");
    }

    /** Makes {@code replica} stop applying its master's stream for {@code ms}, and lets the master write past it. */
    private void lag(SimRedis replica, long ms) {
        replica.lagUntil = world.sched.now() + ms;
        runFor(600);
        assertThat(replica.offset).isLessThan(primary.offset);
    }

    /** Cuts {@code node} off from the replicas; the test's client still reaches it. */
    private void isolate(SimRedis node) {
        world.net.partition(Map.of(node.host(), 1, sentinel.host(), 1));
    }

    // ---- errors ---------------------------------------------------------------------------------

    @Test
    void argumentErrorsComeInRedisOrder() {
        Client c = new Client(primary);
        assertThat(text(c.call("FAILOVER", "ABORT"))).isEqualTo("ERR No failover in progress.");
        assertThat(text(c.call("FAILOVER", "TIMEOUT", "0"))).isEqualTo("ERR FAILOVER timeout must be greater than 0");
        assertThat(text(c.call("FAILOVER", "TIMEOUT", "soon"))).isEqualTo("ERR value is not an integer or out of range");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2", "port"))).isEqualTo("ERR value is not an integer or out of range");
        assertThat(text(c.call("FAILOVER", "NOW"))).isEqualTo("ERR syntax error");
        assertThat(text(c.call("FAILOVER", "FORCE", "FORCE"))).isEqualTo("ERR syntax error");
        assertThat(text(c.call("FAILOVER", "TIMEOUT", "5", "TIMEOUT", "6"))).isEqualTo("ERR syntax error");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2", "6379", "ABORT"))).isEqualTo("ERR syntax error");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2"))).isEqualTo("ERR syntax error");
        assertThat(text(c.call("FAILOVER", "FORCE"))).isEqualTo(
                "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2", "6379", "FORCE"))).isEqualTo(
                "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.9", "6379"))).isEqualTo(
                "ERR FAILOVER target HOST and PORT is not a replica.");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2", "6380"))).isEqualTo(
                "ERR FAILOVER target HOST and PORT is not a replica.");
        assertThat(primary.failoverState).isEqualTo(SimRedis.FailoverState.NO_FAILOVER);
        assertThat(primary.writesPaused()).isFalse();
    }

    @Test
    void onAReplicaFailoverIsRefused() {
        Client c = new Client(replica1);
        assertThat(text(c.call("FAILOVER"))).isEqualTo("ERR FAILOVER is not valid when server is a replica.");
    }

    @Test
    void withoutConnectedReplicasFailoverIsRefused() {
        replica1.crash();
        replica2.crash();
        Client c = new Client(primary);
        assertThat(text(c.call("FAILOVER"))).isEqualTo("ERR FAILOVER requires connected replicas.");
    }

    @Test
    void aTargetStillSyncingIsNotOnline() {
        replica1.linkUp = false;
        replica1.syncDoneAt = world.sched.now() + 60_000;
        Client c = new Client(primary);
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.2", "6379"))).isEqualTo(
                "ERR FAILOVER target replica is not online.");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.3", "6379", "TIMEOUT", "1000"))).isEqualTo("OK");
        assertThat(text(c.call("FAILOVER", "TO", "10.0.0.3", "6379"))).isEqualTo("ERR FAILOVER already in progress.");
    }

    // ---- the handoff ----------------------------------------------------------------------------

    @Test
    void coordinatedTransactionHandsOverWithTheSameOffset() {
        Client old = new Client(primary);
        RespValue exec = old.pauseAndFailover(replica1, 10_000);
        assertThat(text(exec)).isEqualTo("[OK, OK]");
        long offsetAtPause = primary.offset;
        assertThat(primary.writesPaused()).isTrue();

        runFor(1000);
        assertThat(replica1.master).isTrue();
        assertThat(replica1.offsetAtPromotion).isEqualTo(offsetAtPause);
        assertThat(primary.master).isFalse();
        assertThat(primary.masterAddr).isEqualTo(replica1.addr);
        assertThat(primary.linkUp).as("PSYNC answered +CONTINUE").isTrue();
        assertThat(failoverState(old)).isEqualTo("no-failover");
        assertThat(text(old.call("INFO"))).contains("role:slave").contains("master_host:10.0.0.2");
        // the other replica stays chained under the old primary
        assertThat(replica2.masterAddr).isEqualTo(primary.addr);
        // the failover's own pause is over, the client pause is not: Sentinel lifts it
        assertThat(primary.writesPaused()).isTrue();
        assertThat(text(old.killAndUnpause())).isEqualTo("[OK, 0, 0, OK]");
        assertThat(primary.writesPaused()).isFalse();

        runFor(1500);
        assertThat(replica1.offset).as("the new master takes writes").isGreaterThan(offsetAtPause);
        assertThat(primary.offset).as("and the old primary replicates them").isGreaterThan(offsetAtPause);
        assertThat(SimRedis.Write.contains(replica1.lastWrite, primary.lastWrite)).isTrue();
        assertThat(world.failure()).isNull();
    }

    @Test
    void failoverStatesShowInInfo() {
        lag(replica1, 2000);
        Client old = new Client(primary);
        old.pauseAndFailover(replica1, 10_000);
        assertThat(failoverState(old)).isEqualTo("waiting-for-sync");
        assertThat(text(old.call("INFO"))).contains("role:master");
        runFor(2000);
        assertThat(replica1.offset).isEqualTo(primary.offset);
        assertThat(replica1.master).isTrue();
        assertThat(failoverState(old)).isEqualTo("no-failover");
        assertThat(world.failure()).isNull();
    }

    @Test
    void afterCatchingUpTheReplicaHasEveryWriteOfThePause() {
        lag(replica1, 3000);
        runFor(500);
        Client old = new Client(primary);
        old.pauseAndFailover(replica1, 10_000);
        long offsetAtPause = primary.offset;
        runFor(1500);
        assertThat(primary.offset).as("paused writes do not advance the offset").isEqualTo(offsetAtPause);
        assertThat(replica1.master).isFalse();
        runFor(2500);
        assertThat(replica1.master).isTrue();
        assertThat(replica1.offsetAtPromotion).isEqualTo(offsetAtPause);
        assertThat(SimRedis.Write.contains(replica1.lastWrite, primary.lastWrite)).isTrue();
        assertThat(world.failure()).isNull();
    }

    @Test
    void withoutToAnyCaughtUpReplicaIsChosen() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        assertThat(text(old.call("FAILOVER", "TIMEOUT", "5000"))).isEqualTo("OK");
        runFor(1000);
        assertThat(replica2.master).isTrue();
        assertThat(replica1.master).isFalse();
        assertThat(primary.masterAddr).isEqualTo(replica2.addr);
        assertThat(world.failure()).isNull();
    }

    @Test
    void aReplicaThatNeverCatchesUpTimesOutAndWritesResume() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        assertThat(text(old.call("FAILOVER", "TO", "10.0.0.2", "6379", "TIMEOUT", "1000"))).isEqualTo("OK");
        long offsetAtPause = primary.offset;
        runFor(900);
        assertThat(failoverState(old)).isEqualTo("waiting-for-sync");
        assertThat(primary.offset).isEqualTo(offsetAtPause);
        // the deadline is checked on the 100 ms failover cron
        runFor(200);
        assertThat(failoverState(old)).isEqualTo("no-failover");
        assertThat(primary.master).isTrue();
        assertThat(replica1.master).isFalse();
        assertThat(primary.writesPaused()).isFalse();
        runFor(1100);
        assertThat(primary.offset).isGreaterThan(offsetAtPause);
        assertThat(world.failure()).isNull();
    }

    @Test
    void forceHandsOverToALaggingReplicaAndTheInvariantCatchesIt() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        assertThat(text(old.call("FAILOVER", "TO", "10.0.0.2", "6379", "TIMEOUT", "500", "FORCE"))).isEqualTo("OK");
        runFor(700);
        assertThat(replica1.master).isTrue();
        assertThat(primary.linkUp).as("behind the old primary: a full resync").isFalse();
        assertThat(world.failure()).contains("coordinated switchover promoted R1 (PSYNC FAILOVER) at offset")
                .contains("below the old primary's");
    }

    @Test
    void replicaofIsRefusedWhileFailingOverAndAbortLetsItThrough() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        old.call("FAILOVER", "TO", "10.0.0.2", "6379", "TIMEOUT", "30000");
        assertThat(text(old.call("REPLICAOF", "10.0.0.3", "6379"))).isEqualTo(
                "ERR REPLICAOF not allowed while failing over.");
        // Sentinel's reconfiguration with FAILOVER ABORT in front
        old.call("MULTI");
        old.call("FAILOVER", "ABORT");
        old.call("SLAVEOF", "10.0.0.3", "6379");
        old.call("CONFIG", "REWRITE");
        assertThat(text(old.call("EXEC"))).isEqualTo("[OK, OK, OK]");
        assertThat(primary.master).isFalse();
        assertThat(primary.masterAddr).isEqualTo(replica2.addr);
        assertThat(failoverState(old)).isEqualTo("no-failover");
        assertThat(primary.writesPaused()).isFalse();
    }

    @Test
    void anUnreachableTargetLeavesTheOldPrimaryFailingOverUntilAbort() {
        Client old = new Client(primary);
        runFor(600);
        isolate(primary);
        old.pauseAndFailover(replica1, 5000);
        runFor(3000);
        assertThat(failoverState(old)).isEqualTo("failover-in-progress");
        assertThat(text(old.call("INFO"))).contains("role:slave").contains("master_link_status:down");
        assertThat(replica1.master).isFalse();
        // no time limit in failover-in-progress, unlike waiting-for-sync
        runFor(10_000);
        assertThat(failoverState(old)).isEqualTo("failover-in-progress");
        assertThat(text(old.call("FAILOVER", "ABORT"))).isEqualTo("OK");
        assertThat(primary.master).as("ABORT in failover-in-progress makes it master again").isTrue();
        assertThat(failoverState(old)).isEqualTo("no-failover");
    }

    @Test
    void aTargetThatBecameMasterRejectsThePsyncAndTheOldPrimaryRollsBack() {
        Client old = new Client(primary);
        Client target = new Client(replica1);
        replica1.paused = true;
        old.call("FAILOVER", "TO", "10.0.0.2", "6379", "TIMEOUT", "5000");
        runFor(300);
        assertThat(primary.failoverState).isEqualTo(SimRedis.FailoverState.FAILOVER_IN_PROGRESS);
        replica1.paused = false;
        // promoted by someone else before the handshake reaches it
        assertThat(text(replica1.handle(target.connection, args("REPLICAOF", "NO", "ONE")))).isEqualTo("OK");
        runFor(200);
        assertThat(primary.master).isTrue();
        assertThat(primary.failoverState).isEqualTo(SimRedis.FailoverState.NO_FAILOVER);
        assertThat(primary.writesPaused()).isFalse();
    }

    @Test
    void aCrashForgetsTheFailoverAndThePause() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        old.pauseAndFailover(replica1, 10_000);
        primary.crash();
        assertThat(primary.failoverState).isEqualTo(SimRedis.FailoverState.NO_FAILOVER);
        assertThat(primary.writesPaused()).isFalse();
        primary.restart();
        runFor(4000);
        assertThat(primary.master).isTrue();
        assertThat(world.failure()).isNull();
    }

    @Test
    void aReplicaCannotStartASyncWithAFailingOverMaster() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        old.call("FAILOVER", "TO", "10.0.0.2", "6379", "TIMEOUT", "3000");
        replica2.crash();
        replica2.restart();
        runFor(2500);
        assertThat(replica2.linkUp).isFalse();
        assertThat(replica2.syncDoneAt).isEqualTo(-1);
        runFor(4000);
        assertThat(replica2.linkUp).as("after the timeout the master serves SYNC again").isTrue();
    }

    // ---- CLIENT PAUSE ---------------------------------------------------------------------------

    @Test
    void aWritePauseHoldsPublishAndWhatFollowsItOnTheConnection() {
        Client pauser = new Client(primary);
        Client hello = new Client(primary);
        assertThat(text(pauser.call("CLIENT", "PAUSE", "5000", "WRITE"))).isEqualTo("OK");
        hello.send("PUBLISH", "__sentinel__:hello", "x");
        hello.send("PING");
        runFor(100);
        assertThat(hello.replies).as("PING waits behind the held PUBLISH").isEmpty();
        assertThat(text(pauser.call("PING"))).as("a read on another connection").isEqualTo("PONG");
        assertThat(text(pauser.call("CLIENT", "UNPAUSE"))).isEqualTo("OK");
        runFor(20);
        assertThat(hello.replies).extracting(SimRedisFailoverTest::text).containsExactly("0", "PONG");
    }

    @Test
    void aClientPauseEndsByItselfAfterItsTime() {
        Client pauser = new Client(primary);
        Client hello = new Client(primary);
        long offset = primary.offset;
        pauser.call("CLIENT", "PAUSE", "2000", "WRITE");
        hello.send("PUBLISH", "__sentinel__:hello", "x");
        runFor(1900);
        assertThat(hello.replies).isEmpty();
        assertThat(primary.offset).isEqualTo(offset);
        runFor(200);
        assertThat(hello.replies).hasSize(1);
        assertThat(primary.writesPaused()).isFalse();
        runFor(600);
        assertThat(primary.offset).isGreaterThan(offset);
        assertThat(world.failure()).isNull();
    }

    @Test
    void clientPauseArguments() {
        Client c = new Client(primary);
        assertThat(text(c.call("CLIENT", "PAUSE"))).isEqualTo("ERR wrong number of arguments for 'client|pause' command");
        assertThat(text(c.call("CLIENT", "PAUSE", "x"))).isEqualTo("ERR timeout is not an integer or out of range");
        assertThat(text(c.call("CLIENT", "PAUSE", "-1"))).isEqualTo("ERR timeout is negative");
        assertThat(text(c.call("CLIENT", "PAUSE", "10", "READ"))).isEqualTo("ERR syntax error");
        assertThat(primary.writesPaused()).isFalse();
        // ALL holds every command of other clients, reads too
        c.call("CLIENT", "PAUSE", "1000");
        Client other = new Client(primary);
        other.send("PING");
        runFor(500);
        assertThat(other.replies).isEmpty();
        runFor(600);
        assertThat(other.replies).extracting(SimRedisFailoverTest::text).containsExactly("PONG");
    }

    @Test
    void unpauseDoesNotEndTheFailoversOwnPause() {
        lag(replica1, 60_000);
        Client old = new Client(primary);
        old.pauseAndFailover(replica1, 3000);
        old.call("CLIENT", "UNPAUSE");
        assertThat(primary.writesPaused()).isTrue();
        runFor(3200);
        assertThat(primary.writesPaused()).isFalse();
        assertThat(world.failure()).isNull();
    }

    // ---- the invariants' bookkeeping ------------------------------------------------------------

    @Test
    void aFailoverWithoutTimeoutThatOutlivesItsPauseBreaksTheBound() {
        Client old = new Client(primary);
        runFor(600);
        isolate(primary);
        old.call("CLIENT", "PAUSE", "1000", "WRITE");
        old.call("FAILOVER", "TO", "10.0.0.2", "6379");
        runFor(1100);
        assertThat(world.failure()).isNull();
        runFor(300);
        assertThat(world.failure()).contains("R0 still has writes paused").contains("failover-in-progress");
    }

    @Test
    void anAbortedSwitchoverMustNotLeaveTheOldPrimaryFailingOver() {
        Client old = new Client(primary);
        runFor(600);
        isolate(primary);
        world.invariants.onSwitchoverAccepted(sentinel, "test switchover");
        old.pauseAndFailover(replica1, 10_000);
        runFor(2500);
        world.invariants.endSwitchover(sentinel.index, "-failover-abort-slave-timeout", true);
        runFor(900);
        assertThat(world.failure()).isNull();
        runFor(200);
        assertThat(world.failure()).contains("R0 left in failover-in-progress");
    }

    @Test
    void anAbortThatCleansUpKeepsTheInvariants() {
        Client old = new Client(primary);
        runFor(600);
        isolate(primary);
        world.invariants.onSwitchoverAccepted(sentinel, "test switchover");
        old.pauseAndFailover(replica1, 10_000);
        runFor(2500);
        world.invariants.endSwitchover(sentinel.index, "-failover-abort-slave-timeout", true);
        old.call("MULTI");
        old.call("FAILOVER", "ABORT");
        old.call("CLIENT", "UNPAUSE");
        assertThat(text(old.call("EXEC"))).isEqualTo("[OK, OK]");
        runFor(3000);
        assertThat(primary.master).isTrue();
        assertThat(world.failure()).isNull();
        assertThat(world.invariants.switchoversQuiet()).isTrue();
    }

    @Test
    void replicaofNoOneDuringACoordinatedSwitchoverMustNotSkipWrites() {
        lag(replica1, 60_000);
        world.invariants.onSwitchoverAccepted(sentinel, "test switchover");
        Client old = new Client(primary);
        old.call("CLIENT", "PAUSE", "5000", "WRITE");
        Client lagging = new Client(replica1);
        lagging.call("REPLICAOF", "NO", "ONE");
        assertThat(world.failure()).contains("coordinated switchover promoted R1 (REPLICAOF NO ONE)");
    }

    @Test
    void writesAreAChainThatReplicasShare() {
        assertThat(primary.lastWrite).isNotNull();
        assertThat(replica1.lastWrite).isSameAs(primary.lastWrite);
        SimRedis.Write before = primary.lastWrite;
        runFor(600);
        assertThat(SimRedis.Write.contains(primary.lastWrite, before)).isTrue();
        assertThat(SimRedis.Write.contains(before, primary.lastWrite)).isFalse();
        assertThat(SimRedis.Write.contains(null, null)).isTrue();
    }
}
