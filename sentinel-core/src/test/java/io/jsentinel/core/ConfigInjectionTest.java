package io.jsentinel.core;

import static io.jsentinel.core.SentinelCoreTest.argv;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.ConfigLoader;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each way a value reaches sentinel.conf refuses what could end its line (docs/security.md): the commands
 * answer an error and persist nothing; hellos and INFO carrying such addresses are ignored.
 */
class ConfigInjectionTest {
    static final String SET_REFUSED = "ERR Invalid argument: control characters are not allowed in SENTINEL SET arguments";
    static final String MONITOR_REFUSED =
            "ERR Invalid argument: control characters are not allowed in SENTINEL MONITOR arguments";
    static final String CONFIG_SET_REFUSED =
            "ERR Invalid argument: control characters are not allowed in SENTINEL CONFIG SET arguments";

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelConfig> saved;

    @BeforeEach
    void setUp() throws Exception {
        SentinelConfig cfg = ConfigLoader.parse("sentinel deny-scripts-reconfig no\n"
                + "sentinel monitor mymaster 127.0.0.1 6379 2\n", List.of(), true, Path.of("")).config();
        clock = new FakeClock();
        links = new RecordingLinks();
        saved = new ArrayList<>();
        core = new SentinelCore(cfg, saved::add, links, clock, new Random(1));
        core.start();
        saved.clear();
    }

    RespValue run(String... a) {
        return core.commands().execute(argv(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-pass", "auth-user", "notification-script", "client-reconfig-script",
        "down-after-milliseconds", "quorum", "parallel-syncs", "failover-timeout", "master-reboot-down-after-period"})
    void sentinelSetRefusesControlCharactersInEveryParameter(String option) {
        for (String bad : List.of("pw\nsentinel monitor evil 127.0.0.1 1 1", "u\r\nport 1", "x\0", "\u007f", "\t1")) {
            assertThat(run("SENTINEL", "SET", "mymaster", option, bad)).isEqualTo(RespValue.error(SET_REFUSED));
        }
        // nothing applied, even when a good pair comes first in the same call
        assertThat(run("SENTINEL", "SET", "mymaster", "quorum", "1", option, "a\nb"))
                .isEqualTo(RespValue.error(SET_REFUSED));
        assertThat(core.state.masters.get("mymaster").quorum).isEqualTo(2);
        assertThat(saved).isEmpty();
    }

    @Test
    void sentinelSetRefusesControlCharactersInRenameCommand() {
        assertThat(run("SENTINEL", "SET", "mymaster", "rename-command", "CONFIG", "X\nport 1"))
                .isEqualTo(RespValue.error(SET_REFUSED));
        assertThat(saved).isEmpty();
    }

    @Test
    void sentinelMonitorRefusesControlCharactersInNameAndHost() {
        assertThat(run("SENTINEL", "MONITOR", "evil\nport 1", "127.0.0.1", "6379", "1"))
                .isEqualTo(RespValue.error(MONITOR_REFUSED));
        assertThat(run("SENTINEL", "MONITOR", "evil", "127.0.0.1\nport 1", "6379", "1"))
                .isEqualTo(RespValue.error(MONITOR_REFUSED));
        assertThat(core.state.masters).containsOnlyKeys("mymaster");
        assertThat(saved).isEmpty();
        // a space or a quote is no control character: accepted, and the rewrite quotes it
        assertThat(run("SENTINEL", "MONITOR", "my \"other\"", "127.0.0.1", "6380", "1")).isEqualTo(RespValue.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"announce-ip", "sentinel-user", "sentinel-pass", "announce-port", "resolve-hostnames"})
    void sentinelConfigSetRefusesControlCharacters(String option) {
        assertThat(run("SENTINEL", "CONFIG", "SET", option, "1.2.3.4\nsentinel myid x"))
                .isEqualTo(RespValue.error(CONFIG_SET_REFUSED));
        assertThat(core.state.announceIp).isNull();
        assertThat(core.state.sentinelUser).isNull();
        assertThat(core.state.sentinelPass).isNull();
        assertThat(saved).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5\nport 1", "10.0.0.5 x", "host name", "\"10.0.0.5\"", "10.0.0.5\u0001"})
    void helloWithAnUnusableSentinelOrMasterAddressIsIgnored(String bad) {
        String id = "b".repeat(40);
        core.processHello(bad + ",26379," + id + ",0,mymaster,127.0.0.1,6379,0");
        core.processHello("10.0.0.5,26379," + id + ",0,mymaster," + bad + ",6379,99");
        Instance m = core.state.masters.get("mymaster");
        assertThat(m.sentinels).isEmpty();
        assertThat(m.addr).isEqualTo(new Endpoint("127.0.0.1", 6379));
        assertThat(saved).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nx", "bbbbbbbbbbbbbbbbbbbb bbbbbbbbbbbbbbbbbbb",
        "short", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})
    void helloWithAMalformedRunIdIsIgnored(String runId) {
        core.processHello("10.0.0.5,26379," + runId + ",0,mymaster,127.0.0.1,6379,0");
        assertThat(core.state.masters.get("mymaster").sentinels).isEmpty();
    }

    @Test
    void helloFromAWellFormedPeerIsStillTaken() {
        core.processHello("10.0.0.5,26379," + "b".repeat(40) + ",0,mymaster,127.0.0.1,6379,0");
        assertThat(core.state.masters.get("mymaster").sentinels).containsOnlyKeys("b".repeat(40));
    }

    @Test
    void replicasWithUnusableAddressesInInfoAreSkipped() {
        for (int i = 0; i < 12; i++) {
            clock.advanceMillis(100);
            core.tick();
        }
        links.opened.forEach(c -> {
            if (!c.isOpen()) {
                c.connect();
            }
        });
        String info = "# Replication\r\nrole:master\r\n"
                + "slave0:ip=10.0.0.7 port 1,port=6379,state=online,offset=1,lag=0\r\n"
                + "slave1:ip=\"10.0.0.8\",port=6379,state=online,offset=1,lag=0\r\n"
                + "slave2:ip=10.0.0.9\u000b,port=6379,state=online,offset=1,lag=0\r\n"
                + "slave3:ip=replica.example,port=6379,state=online,offset=1,lag=0\r\n"
                + "slave4:ip=10.0.0.10,port=6379,state=online,offset=1,lag=0\r\n";
        links.latest(new Endpoint("127.0.0.1", 6379), false).reply("INFO", RespValue.bulk(info));
        // a host name needs resolve-hostnames yes; the rest is no address at all
        assertThat(core.state.masters.get("mymaster").slaves).containsOnlyKeys("10.0.0.10:6379");
    }
}
