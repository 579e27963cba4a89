package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/** Real clients find the master through a sentinel of each kind and can write to it. */
@Tag("it")
@Tag("clients")
@ExtendWith(DumpLogsOnFailure.class)
class ClientDiscoveryIT {
    private static final String PASSWORD = "s3cret";

    static Stream<SentinelKind> kinds() {
        return SentinelKind.enabled().stream();
    }

    private static Topology topology(SentinelKind kind) {
        return Topology.builder().replicas(1).password(PASSWORD).quorum(1).sentinels(kind).start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void lettuceResolvesMasterThroughSentinel(SentinelKind kind) {
        try (Topology t = topology(kind)) {
            SentinelNode s = t.sentinel(0);
            RedisURI uri = RedisURI.Builder.sentinel("127.0.0.1", s.port(), Topology.MASTER_NAME)
                    .withPassword(PASSWORD.toCharArray()).withTimeout(Duration.ofSeconds(5)).build();
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                conn.sync().set("lettuce-key", "v1");
                assertThat(conn.sync().get("lettuce-key")).isEqualTo("v1");
                assertThat(t.initialMaster().call("GET", "lettuce-key").str()).isEqualTo("v1");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void jedisSentinelPoolResolvesMaster(SentinelKind kind) {
        try (Topology t = topology(kind);
             JedisSentinelPool pool = new JedisSentinelPool(Topology.MASTER_NAME,
                     Set.of("127.0.0.1:" + t.sentinel(0).port()), PASSWORD)) {
            assertThat(pool.getCurrentHostMaster().getPort()).isEqualTo(t.initialMaster().port());
            try (Jedis j = pool.getResource()) {
                j.set("jedis-key", "v2");
                assertThat(j.get("jedis-key")).isEqualTo("v2");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void redisCliPrintsMasterAddress(SentinelKind kind) throws IOException, InterruptedException {
        try (Topology t = topology(kind)) {
            Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(t.sentinel(0).port()),
                    "SENTINEL", "get-master-addr-by-name", Topology.MASTER_NAME).redirectErrorStream(true).start();
            assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).isEqualTo("127.0.0.1\n" + t.initialMaster().port() + "\n");
            assertThat(cli.exitValue()).isZero();
        }
    }
}
