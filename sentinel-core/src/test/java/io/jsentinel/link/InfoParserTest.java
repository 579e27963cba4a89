package io.jsentinel.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** INFO texts captured from real redis-server 7.0.15 processes, plus edge cases from §3.1. */
class InfoParserTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = InfoParserTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(textBlock = """
            # line (after role:master)                    , state
            ''                                            , NOT_REPORTED
            master_failover_state:no-failover             , NONE
            master_failover_state:waiting-for-sync        , IN_PROGRESS
            master_failover_state:failover-in-progress    , IN_PROGRESS
            master_failover_state:something-new           , IN_PROGRESS
            """)
    void readsWhetherTheNodeRunsAFailover(String line, InfoReport.NodeFailover state) {
        String info = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n" + line + "\r\n";
        assertThat(InfoParser.parse(info).failover()).isEqualTo(state);
        String asReplica = "# Replication\r\nrole:slave\r\nmaster_host:10.0.0.1\r\n" + line + "\r\n";
        assertThat(InfoParser.parse(asReplica).failover()).isEqualTo(state);
    }

    @Test
    void realMaster() throws IOException {
        String text = resource("info-master-7.0.txt");
        assertThat(text).contains("\r\n");
        InfoReport r = InfoParser.parse(text);
        assertThat(r.runId()).isEqualTo("f609099682c6925a3ee72cc59cf044f9eaafad84");
        assertThat(r.role()).isEqualTo(InfoReport.Role.MASTER);
        // slave_expires_tracked_keys and mem_clients_slaves are not replica lines.
        assertThat(r.replicas()).containsExactly(new Endpoint("127.0.0.1", 44433));
        assertThat(r.masterHost()).isNull();
        assertThat(r.masterPort()).isZero();
        assertThat(r.masterLinkUp()).isFalse();
        assertThat(r.masterLinkDownMillis()).isZero();
        assertThat(r.slavePriority()).isEqualTo(100);
        assertThat(r.replicaAnnounced()).isTrue();
        assertThat(r.uptimeSeconds()).isEqualTo(7);
        assertThat(r.serverTimeMicros()).isEqualTo(1795619381514196L);
    }

    /** For the alarms only (docs/churn.md): absent, or without a digit, is no value. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(textBlock = """
            # lines                                                   , uptime, server time
            ''                                                        , -1    , -1
            uptime_in_seconds:0|server_time_usec:0                    , 0     , 0
            uptime_in_seconds:86400|server_time_usec:1795619381514196 , 86400 , 1795619381514196
            uptime_in_seconds:|server_time_usec:x                     , -1    , -1
            uptime_in_seconds:-5|server_time_usec: 1                  , -1    , -1
            uptime_in_seconds:12abc|server_time_usec:99999999999999999999 , 12 , 9223372036854775807
            """)
    void uptimeAndServerTime(String lines, long uptime, long serverTime) {
        InfoReport r = InfoParser.parse("# Server\r\n" + lines.replace("|", "\r\n") + "\r\n");
        assertThat(r.uptimeSeconds()).isEqualTo(uptime);
        assertThat(r.serverTimeMicros()).isEqualTo(serverTime);
    }

    @Test
    void realReplica() throws IOException {
        InfoReport r = InfoParser.parse(resource("info-replica-7.0.txt"));
        assertThat(r.runId()).isEqualTo("18b2abec1d83546cf6818fad869ce59721c542a2");
        assertThat(r.role()).isEqualTo(InfoReport.Role.SLAVE);
        assertThat(r.replicas()).isEmpty();
        assertThat(r.masterHost()).isEqualTo("127.0.0.1");
        assertThat(r.masterPort()).isEqualTo(43773);
        assertThat(r.masterLinkUp()).isTrue();
        assertThat(r.masterLinkDownMillis()).isZero();
        assertThat(r.slavePriority()).isEqualTo(42);
        assertThat(r.slaveReplOffset()).isZero();
        assertThat(r.replicaAnnounced()).isTrue();
    }

    @Test
    void realReplicaThatNeverConnected() throws IOException {
        InfoReport r = InfoParser.parse(resource("info-replica-never-connected-7.0.txt"));
        assertThat(r.role()).isEqualTo(InfoReport.Role.SLAVE);
        assertThat(r.masterPort()).isEqualTo(42239);
        assertThat(r.masterLinkUp()).isFalse();
        assertThat(r.masterLinkDownMillis()).isEqualTo(-1000);
        assertThat(r.slaveReplOffset()).isEqualTo(1);
    }

    @Test
    void replicationFieldsCountOnlyAfterRoleSlave() {
        String text = String.join("\r\n",
                "master_host:10.0.0.9", "master_port:7000", "master_link_status:up", "slave_priority:5",
                "slave_repl_offset:77", "replica_announced:0", "master_link_down_since_seconds:3",
                "role:slave", "slave_priority:7", "");
        InfoReport r = InfoParser.parse(text);
        assertThat(r.masterHost()).isNull();
        assertThat(r.masterPort()).isZero();
        assertThat(r.masterLinkUp()).isFalse();
        assertThat(r.slaveReplOffset()).isZero();
        assertThat(r.replicaAnnounced()).isTrue();
        assertThat(r.slavePriority()).isEqualTo(7);
        // master_link_down_since_seconds is read whatever the role.
        assertThat(r.masterLinkDownMillis()).isEqualTo(3000);
    }

    @Test
    void replicaFieldsAfterRoleSlave() {
        InfoReport r = InfoParser.parse("role:slave\r\nmaster_host:Example.Host\r\nmaster_port:6380\r\n"
                + "master_link_status:UP\r\nslave_repl_offset:123456789012\r\nreplica_announced:0\r\n");
        assertThat(r.masterHost()).isEqualTo("Example.Host");
        assertThat(r.masterPort()).isEqualTo(6380);
        assertThat(r.masterLinkUp()).isTrue();
        assertThat(r.slaveReplOffset()).isEqualTo(123456789012L);
        assertThat(r.replicaAnnounced()).isFalse();
    }

    @Test
    void linkStatusMustBeExactlyUp() {
        assertThat(InfoParser.parse("role:slave\r\nmaster_link_status:upx\r\n").masterLinkUp()).isFalse();
        assertThat(InfoParser.parse("role:slave\r\nmaster_link_status:down\r\n").masterLinkUp()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run_id:0123456789012345678901234567890123456789|0123456789012345678901234567890123456789",
        "run_id:0123456789012345678901234567890123456789extra|0123456789012345678901234567890123456789",
        "run_id:012345678901234567890123456789012345678|",
        "run_id:|",
    })
    void runIdNeedsFortySevenCharacters(String line, String expected) {
        assertThat(InfoParser.parse(line + "\r\n").runId()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "slave0:ip=10.0.0.2,port=6379,state=online,offset=1,lag=0|10.0.0.2:6379",
        "slave12:ip=::1,port=7000,state=online|[::1]:7000",
        "slave0:port=6390,ip=10.1.1.1,state=wait_bgsave|10.1.1.1:6390",
        "slave0:ip=10.0.0.2,port=6379|10.0.0.2:6379",
        "slave1:10.0.0.3,6380,online|10.0.0.3:6380",
        "slave1:10.0.0.3,6380|",
        "slave0:ip=10.0.0.2,state=online|",
        "slave0:ip=10.0.0.2,port=99999,state=online|",
        "slave0:ip=10.0.0.2,port=abc,state=online|10.0.0.2:0",
        "slave_read_only:1|",
        "slave0|",
    })
    void replicaLines(String line, String expected) {
        List<Endpoint> replicas = InfoParser.parse("role:master\r\n" + line + "\r\n").replicas();
        if (expected == null) {
            assertThat(replicas).isEmpty();
        } else {
            assertThat(replicas).extracting(Endpoint::name).containsExactly(expected);
        }
    }

    @Test
    void roleIsMatchedByPrefix() {
        assertThat(InfoParser.parse("role:master\r\n").role()).isEqualTo(InfoReport.Role.MASTER);
        assertThat(InfoParser.parse("role:slave\r\n").role()).isEqualTo(InfoReport.Role.SLAVE);
        assertThat(InfoParser.parse("role:sentinel\r\n").role()).isEqualTo(InfoReport.Role.UNKNOWN);
        assertThat(InfoParser.parse("# Server\r\n").role()).isEqualTo(InfoReport.Role.UNKNOWN);
    }

    @Test
    void numbersFollowAtoi() {
        InfoReport r = InfoParser.parse("role:slave\r\nmaster_port:12ab\r\nslave_priority:x\r\n"
                + "master_link_down_since_seconds:99999999999999999999\r\n");
        assertThat(r.masterPort()).isEqualTo(12);
        assertThat(r.slavePriority()).isZero();
        assertThat(r.masterLinkDownMillis()).isPositive();
    }

    @Test
    void garbageNeverThrows() {
        for (String text : new String[] {null, "", "\r\n\r\n", "role:slave", "slave0:", "slave0:ip=", "x\ny\rz",
                "master_link_down_since_seconds", "role:slave\r\nmaster_host:"}) {
            assertThat(InfoParser.parse(text)).isNotNull();
        }
        assertThat(InfoParser.parse("role:slave\r\nmaster_host:\r\n").masterHost()).isEmpty();
    }
}
