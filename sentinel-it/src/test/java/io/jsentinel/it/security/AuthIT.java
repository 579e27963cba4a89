package io.jsentinel.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Passwords end to end, on each enabled kind (the real redis-sentinel validates the test): {@code auth-user}
 * and {@code auth-pass} towards a redis-server that only lets an ACL user in, and {@code sentinel-user} /
 * {@code sentinel-pass} towards a peer sentinel, seen in the peer's CLIENT LIST as {@code user=}; passwords
 * absent from INFO and the log, and ACL denials with Redis' texts.
 */
class AuthIT {
    private final List<AutoCloseable> started = new ArrayList<>();

    static List<SentinelKind> kinds() {
        return SentinelKind.enabled();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T t) {
        started.add(t);
        return t;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void authUserTowardsRedisAndSentinelUserTowardsPeers(SentinelKind kind) {
        RedisNode master = track(RedisNode.builder().requirePass("admin-secret")
                .arg("--user", "mon", "on", ">mon-secret", "+@all", "~*", "&*").start());
        List<String> common = List.of("sentinel auth-user mymaster mon",
                "user peer on >peer-secret +@all &*", "sentinel sentinel-user peer",
                "sentinel sentinel-pass peer-secret");
        SentinelNode.Builder b1 = SentinelNode.builder(kind).monitor("mymaster", master.port(), 2).authPass("mon-secret");
        SentinelNode.Builder b2 = SentinelNode.builder(kind).monitor("mymaster", master.port(), 2).authPass("mon-secret");
        common.forEach(l -> {
            b1.line(l);
            b2.line(l);
        });
        SentinelNode s1 = track(b1.create().start());
        SentinelNode s2 = track(b2.create().start());

        await().atMost(Duration.ofSeconds(20)).until(() -> s1.peers("mymaster").size() == 1
                && s2.peers("mymaster").size() == 1);
        Resp m = s1.master("mymaster");
        assertThat(m.fieldStr("flags")).isEqualTo("master");
        // Redis sees the sentinel's links as user mon; the peer sees our links as user peer.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(master.call("CLIENT", "LIST").str()).contains("name=sentinel-", "user=mon");
            assertThat(s2.call("CLIENT", "LIST").str()).containsPattern("name=sentinel-[0-9a-f]{8}-cmd[^\\n]*user=peer");
        });
        String info = s1.call("INFO").str();
        assertThat(info).doesNotContain("mon-secret", "peer-secret");
        assertThat(s1.master("mymaster").toString()).doesNotContain("mon-secret");
        assertThat(s1.call("SENTINEL", "CONFIG", "GET", "sentinel-pass").toString()).contains("peer-secret");
    }

    private static String sha256(String s) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aclUsersGetRedisTexts(SentinelKind kind) throws Exception {
        SentinelNode s = track(SentinelNode.builder(kind)
                .line("user reader on >rpw -@all +sentinel|masters +sentinel|get-master-addr-by-name +ping &*")
                .create().start());
        try (var c = io.jsentinel.it.support.RawResp.connect(s.port())) {
            assertThat(c.call("AUTH", "reader", "bad").toString())
                    .contains("WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(c.call("AUTH", "reader", "rpw").str()).isEqualTo("OK");
            assertThat(c.call("PING").str()).isEqualTo("PONG");
            assertThat(c.call("SENTINEL", "RESET", "*").toString())
                    .contains("NOPERM this user has no permissions to run the 'sentinel|reset' command");
            assertThat(c.call("ACL", "WHOAMI").toString())
                    .contains("NOPERM this user has no permissions to run the 'acl|whoami' command");
            assertThat(c.call("SENTINEL", "MASTERS").isError()).isFalse();
        }
        Resp list = s.call("ACL", "LIST");
        String reader = list.get(1).str();
        assertThat(reader).startsWith("user reader on #" + sha256("rpw") + " &* -@all ");
        assertThat(reader.substring(reader.indexOf("-@all ") + 6).split(" ")).containsExactlyInAnyOrder(
                "+sentinel|masters", "+sentinel|get-master-addr-by-name", "+ping");
        assertThat(s.call("ACL", "SETUSER", "x", "+nosuch").toString())
                .contains("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL");
    }
}
