package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers and nodes against {@link SentinelCore}: bogus hello messages, malformed INFO and vote
 * replies, and hostile SENTINEL commands. The core must never throw, and what it keeps must stay well
 * formed (addresses with a port in 0..65535 and a host, a non-negative current epoch). Where Redis itself accepts
 * something odd (a vote for any run id, epoch -1), we check the reply matches redis-sentinel 7.0.15.
 */
class HostilePeerTest {
    static final String MY_ID = "a".repeat(40);
    static final String PEER1 = "b".repeat(40);
    static final Endpoint MASTER = new Endpoint("10.0.0.1", 6379);
    static final Endpoint S1 = new Endpoint("10.0.1.2", 26379);

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelConfig> saved;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        links = new RecordingLinks();
        saved = new ArrayList<>();
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, "pw",
                null, null, 0, Map.of(), 0, 0, List.of(), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, saved::add, links, clock, new Random(1));
        core.start();
    }

    void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
        }
    }

    static List<byte[]> argv(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private void assertWellFormed(String context) {
        assertThat(core.state().currentEpoch).as(context).isNotNegative();
        for (Instance m : core.state().masters.values()) {
            assertWellFormed(m, context);
            m.slaves.values().forEach(r -> assertWellFormed(r, context));
            m.sentinels.values().forEach(s -> assertWellFormed(s, context));
        }
    }

    private static void assertWellFormed(Instance i, String context) {
        assertThat(i.addr).as(context).isNotNull();
        assertThat(i.addr.host()).as(context).isNotEmpty();
        assertThat(i.addr.port()).as(context + " port of " + i.name).isBetween(0, 65535); // Redis itself accepts port 0 (atoi of junk)
        assertThat(i.configEpoch).as(context).isNotNegative();
    }

    private static String mutate(String valid, Random r) {
        String[] fields = valid.split(",", -1);
        String[] evil = {"", "-1", "0", "65536", "99999999999999999999", "abc", "1e3", " 7", "7 ", "\u0000",
            "x".repeat(10_000), "*", "mymaster", "other", "10.0.0.1", "::1", "[::1]", "a,b", "\r\n", "-0", "+5",
            "9223372036854775807", "-9223372036854775808", "18446744073709551615"};
        int changes = 1 + r.nextInt(3);
        for (int k = 0; k < changes; k++) {
            fields[r.nextInt(fields.length)] = evil[r.nextInt(evil.length)];
        }
        List<String> out = new ArrayList<>(List.of(fields));
        if (r.nextInt(8) == 0) {
            out.add("extra");
        }
        if (r.nextInt(8) == 0 && out.size() > 1) {
            out.remove(out.size() - 1);
        }
        return String.join(",", out);
    }

    @Test
    void bogusHelloMessagesNeverCorruptState() {
        Random r = new Random(42);
        String valid = "10.0.1.9,26379," + "d".repeat(40) + ",7,mymaster,10.0.0.1,6379,0";
        for (int i = 0; i < 5_000; i++) {
            String payload = mutate(valid, r);
            try {
                core.processHello(payload);
                if (i % 100 == 0) {
                    run(100);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("hello " + payload.substring(0, Math.min(200, payload.length())), e);
            }
            assertWellFormed("after hello " + payload.substring(0, Math.min(120, payload.length())));
        }
        core.processHello("");
        core.processHello(",,,,,,,");
        core.processHello("x".repeat(1 << 20));
        assertWellFormed("after junk");
    }

    @Test
    void helloWithOurOwnRunIdIsIgnored() {
        core.processHello("10.6.6.6,26379," + MY_ID + ",9,mymaster,10.0.0.66,6379,9");
        assertThat(core.state().masters.get("mymaster").addr).isEqualTo(MASTER);
        assertThat(core.state().masters.get("mymaster").sentinels.keySet()).noneMatch(k -> k.contains("10.6.6.6"));
    }

    @Test
    void malformedInfoRepliesNeverCorruptState() {
        Random r = new Random(7);
        String[] evilLines = {"slave0:ip=10.0.0.2,port=-1,state=online,offset=1,lag=0",
            "slave1:ip=10.0.0.2,port=99999999999,state=online,offset=1,lag=0",
            "slave2:ip=,port=6379,state=online,offset=1,lag=0", "slave3:ip=10.0.0.2,port=abc,state=online",
            "slave4:10.0.0.9,6380,online", "slave5:garbage", "slave6:ip=10.0.0.4,port=0,state=online",
            "role:slave", "role:", "role:sentinel", "master_host:", "master_port:-5", "master_port:70000",
            "master_link_status:sideways", "slave_repl_offset:-99", "slave_priority:-1", "slave_priority:abc",
            "run_id:short", "run_id:" + "e".repeat(40), "master_link_down_since_seconds:-1",
            "min_slaves_good_slaves:9999999999999999999999", "\u0000\u00ff", "x".repeat(100_000), "# Server", ""};
        for (int round = 0; round < 300; round++) {
            run(1100);
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (!c.isOpen() && !c.closed) {
                    c.connect();
                }
            }
            StringBuilder info = new StringBuilder("# Replication\r\n");
            int n = 1 + r.nextInt(8);
            for (int k = 0; k < n; k++) {
                info.append(evilLines[r.nextInt(evilLines.length)]).append(r.nextBoolean() ? "\r\n" : "\n");
            }
            for (RecordingLinks.Conn c : links.opened) {
                if (c.isOpen()) {
                    c.reply("PING", RespValue.simple("PONG"));
                    c.reply("AUTH", RespValue.OK);
                    c.reply("CLIENT", RespValue.OK);
                    c.reply("PUBLISH", RespValue.integer(1));
                    c.reply("INFO", r.nextInt(10) == 0 ? RespValue.error("ERR nope")
                            : r.nextInt(10) == 0 ? RespValue.integer(5) : RespValue.bulk(info.toString()));
                    c.reply("SENTINEL", RespValue.array(RespValue.integer(1), RespValue.bulk("zz"),
                            RespValue.integer(-7)));
                }
            }
            assertWellFormed("round " + round + " info " + info.substring(0, Math.min(info.length(), 200)));
        }
    }

    @Test
    void malformedVoteRepliesAreIgnored() {
        RespValue[] evil = {RespValue.array(List.of()), RespValue.array(RespValue.bulk("1")),
            RespValue.array(RespValue.integer(1), RespValue.integer(2), RespValue.integer(3)),
            RespValue.array(RespValue.integer(1), RespValue.bulk("x".repeat(1 << 16)), RespValue.bulk("nan")),
            RespValue.array(RespValue.integer(1), RespValue.NULL, RespValue.integer(Long.MAX_VALUE)),
            RespValue.error("ERR no"), RespValue.simple("OK"), RespValue.NULL};
        for (RespValue e : evil) {
            run(1100);
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (!c.isOpen() && !c.closed) {
                    c.connect();
                }
                if (c.isOpen()) {
                    c.reply("SENTINEL", e);
                    c.reply("PING", e);
                    c.reply("INFO", e);
                }
            }
            assertWellFormed("vote reply " + e);
        }
    }

    @Test
    void hostileVoteRequestsGetRedisReplies() {
        assertThat(core.commands().execute(argv("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.1", "6379", "abc", "*")))
                .isEqualTo(RespValue.error("ERR value is not an integer or out of range"));
        assertThat(core.commands().execute(argv("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.1", "abc", "1", "*")))
                .isEqualTo(RespValue.error("ERR value is not an integer or out of range"));
        assertThat(core.commands().execute(argv("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.1", "6379",
                "99999999999999999999", "*"))).isEqualTo(RespValue.error("ERR value is not an integer or out of range"));
        RespValue r = core.commands().execute(argv("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.1", "6379", "-1", "*"));
        assertThat(r).isInstanceOf(RespValue.Array.class);
        assertWellFormed("after epoch -1");
    }

    @Test
    void scriptsCannotBeSetFromAClient() {
        String denied = "ERR Reconfiguration of scripts path is denied for security reasons. Check the "
                + "deny-scripts-reconfig configuration directive in your Sentinel configuration";
        assertThat(core.commands().execute(argv("SENTINEL", "SET", "mymaster", "notification-script", "/bin/sh")))
                .isEqualTo(RespValue.error(denied));
        assertThat(core.commands().execute(argv("SENTINEL", "SET", "mymaster", "client-reconfig-script", "/bin/sh")))
                .isEqualTo(RespValue.error(denied));
        assertThat(core.commands().execute(argv("SENTINEL", "CONFIG", "SET", "deny-scripts-reconfig", "no")))
                .isEqualTo(RespValue.error("ERR Invalid argument 'deny-scripts-reconfig' to SENTINEL CONFIG SET"));
        assertThat(core.state().denyScriptsReconfig).isTrue();
    }
}
