package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.SentinelState;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Names versus IPs in what a sentinel shows (upstream suite, 08-hostname-conf "Sentinel announces hostnames"). */
class AnnouncerTest {
    final SentinelState state = new SentinelState();
    final Map<String, Integer> lookups = new HashMap<>();
    final Announcer announcer = new Announcer(state, host -> {
        lookups.merge(host, 1, Integer::sum);
        return host.equals("db1.example") ? "192.0.2.7" : null;
    });

    @Test
    void namesAreShownOnlyWithAnnounceHostnames() {
        state.resolveHostnames = true;
        Endpoint byName = new Endpoint("db1.example", 6379);
        assertThat(announcer.host(byName)).isEqualTo("192.0.2.7");
        assertThat(announcer.endpoint(byName).name()).isEqualTo("192.0.2.7:6379");
        state.announceHostnames = true;
        assertThat(announcer.host(byName)).isEqualTo("db1.example");
        assertThat(announcer.endpoint(byName)).isSameAs(byName);
    }

    @Test
    void literalsAreNeverLookedUpAndNamesOnceUntilRefreshed() {
        state.resolveHostnames = true;
        assertThat(announcer.host(new Endpoint("::1", 1))).isEqualTo("::1");
        announcer.refresh("::1");
        announcer.host(new Endpoint("db1.example", 1));
        announcer.host(new Endpoint("db1.example", 2));
        assertThat(lookups).containsExactly(Map.entry("db1.example", 1));
        announcer.refresh("db1.example");
        announcer.host(new Endpoint("db1.example", 1));
        assertThat(lookups).containsExactly(Map.entry("db1.example", 2));
    }

    /** The runtime's lookups answer later, as loop tasks: until then a name is shown as written, and asked once. */
    @Test
    void aNameWithoutAnAnswerYetIsShownAsWrittenAndAskedForOnce() {
        state.resolveHostnames = true;
        Map<String, Consumer<String>> asked = new HashMap<>();
        List<String> firstAnswers = new ArrayList<>();
        announcer.lookUpWith((host, answer) -> assertThat(asked.put(host, answer)).as("asked twice").isNull());
        announcer.whenFirstResolved(firstAnswers::add);
        Endpoint byName = new Endpoint("db2.example", 6379);
        assertThat(announcer.host(byName)).isEqualTo("db2.example");
        assertThat(announcer.resolved("db2.example")).isFalse();
        assertThat(announcer.sameHost(byName, "192.0.2.9")).as("unknown is not the same").isFalse();
        assertThat(asked).containsOnlyKeys("db2.example");

        asked.remove("db2.example").accept("192.0.2.9");
        assertThat(firstAnswers).containsExactly("db2.example");
        assertThat(announcer.host(byName)).isEqualTo("192.0.2.9");
        assertThat(announcer.resolved("db2.example")).isTrue();
        assertThat(announcer.sameHost(byName, "192.0.2.9")).isTrue();
        assertThat(asked).isEmpty();
        assertThat(announcer.resolved("192.0.2.1")).as("a literal needs no answer").isTrue();
    }

    /** Redis keeps the old address when a name fails to re-resolve before a reconnect; so do we, and retry. */
    @Test
    void aNameThatStopsResolvingKeepsItsLastGoodAnswer() {
        state.resolveHostnames = true;
        Map<String, Consumer<String>> asked = new HashMap<>();
        List<String> firstAnswers = new ArrayList<>();
        announcer.lookUpWith(asked::put);
        announcer.whenFirstResolved(firstAnswers::add);
        announcer.ip("db3.example");
        asked.remove("db3.example").accept("192.0.2.10");
        announcer.refresh("db3.example");
        announcer.refresh("db3.example");
        assertThat(asked).as("one lookup under way at a time").containsOnlyKeys("db3.example");
        asked.remove("db3.example").accept(null);
        assertThat(announcer.ip("db3.example")).isEqualTo("192.0.2.10");
        announcer.refresh("db3.example");
        asked.remove("db3.example").accept("192.0.2.11");
        assertThat(announcer.ip("db3.example")).isEqualTo("192.0.2.11");
        assertThat(firstAnswers).as("only a name's first answer").containsExactly("db3.example");
    }

    @Test
    void answersKnownBeforeTheLookupIsReplacedStay() {
        state.resolveHostnames = true;
        assertThat(announcer.ip("db1.example")).isEqualTo("192.0.2.7");
        announcer.lookUpWith((host, answer) -> { });
        assertThat(announcer.ip("db1.example")).isEqualTo("192.0.2.7");
        announcer.resolveWith(host -> null);
        assertThat(announcer.ip("db1.example")).as("resolveWith starts afresh").isEqualTo("db1.example");
    }

    @Test
    void withoutResolveHostnamesNothingIsLookedUpAndUnresolvedNamesStayAsWritten() {
        assertThat(announcer.host(new Endpoint("db1.example", 1))).isEqualTo("db1.example");
        assertThat(lookups).isEmpty();
        state.resolveHostnames = true;
        assertThat(announcer.host(new Endpoint("nowhere.example", 1))).isEqualTo("nowhere.example");
    }

    @Test
    void aReplicaReportingTheMasterByNameOrByIpPointsAtIt() {
        state.resolveHostnames = true;
        Endpoint master = new Endpoint("db1.example", 6379);
        assertThat(announcer.sameHost(master, "192.0.2.7")).isTrue();
        assertThat(announcer.sameHost(master, "DB1.example")).isTrue();
        assertThat(announcer.sameHost(master, "192.0.2.8")).isFalse();
        assertThat(announcer.sameHost(master, null)).isFalse();
    }

    /** The whole core, with a master monitored as {@code localhost}: replies, rewrite and SLAVEOF use the IP. */
    @Test
    void aCoreShowsTheIpOfAMasterMonitoredByName() throws Exception {
        String ip = InetAddress.getByName("localhost").getHostAddress();
        MasterConfig mc = new MasterConfig("mymaster", "localhost", 6379, 2, 1000, 6000, 1, null, null,
                null, null, 0, Map.of(), 0, 0, List.of(new Endpoint("localhost", 6380)),
                List.<KnownSentinel>of());
        SentinelConfig cfg = new SentinelConfig("a".repeat(40), 0, true, true, true, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        List<SentinelConfig> saved = new ArrayList<>();
        SentinelCore core = new SentinelCore(cfg, saved::add, new RecordingLinks(), new FakeClock(), new Random(1));
        core.start();
        assertThat(core.publishedMasterAddress("mymaster"))
                .isEqualTo(RespValue.array(RespValue.bulk("localhost"), RespValue.bulk("6379")));

        core.commands().execute(SentinelCoreTest.argv("SENTINEL", "CONFIG", "SET", "announce-hostnames", "no"));
        assertThat(core.publishedMasterAddress("mymaster")).as("published at once, not on the next tick")
                .isEqualTo(RespValue.array(RespValue.bulk(ip), RespValue.bulk("6379")));
        RespValue replicas = core.commands().execute(SentinelCoreTest.argv("SENTINEL", "REPLICAS", "mymaster"));
        RespValue.MapValue replica = (RespValue.MapValue) ((RespValue.Array) replicas).items().get(0);
        assertThat(replica.entries().get(RespValue.bulk("ip"))).isEqualTo(RespValue.bulk(ip));
        core.commands().execute(SentinelCoreTest.argv("SENTINEL", "FLUSHCONFIG"));
        SentinelConfig rewritten = saved.get(saved.size() - 1);
        assertThat(rewritten.masters().get(0).host()).isEqualTo(ip);
        assertThat(rewritten.masters().get(0).knownReplicas()).containsExactly(new Endpoint(ip, 6380));
    }
}
