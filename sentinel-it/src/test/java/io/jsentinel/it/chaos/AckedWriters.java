package io.jsentinel.it.chaos;

import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;

/** The three full-speed writers of the switchover tests, each finding the master through the sentinels. */
final class AckedWriters {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private AckedWriters() {
    }

    /** Lettuce, Jedis and the plain loop, started, against sentinels listening on 127.0.0.1. */
    static List<AckedWriter> all(List<Integer> sentinelPorts) {
        return List.of(new Plain(sentinelPorts).start(), new Lettuce(sentinelPorts).start(),
                new Jedis(sentinelPorts).start());
    }

    /**
     * The plain loop client: asks each sentinel in turn {@code GET-MASTER-ADDR-BY-NAME}, checks {@code ROLE} on the
     * answer, then writes on that one connection until anything fails (an error reply such as READONLY, a closed
     * connection, a timeout), after which it asks the sentinels again.
     */
    static final class Plain extends AckedWriter {
        private final List<Integer> sentinels;
        private RawResp conn;

        Plain(List<Integer> sentinels) {
            super("plain");
            this.sentinels = sentinels;
        }

        @Override
        void setBit(long n) {
            if (conn == null) {
                conn = connectToMaster();
            }
            Resp r = conn.call("SETBIT", key, Long.toString(n), "1");
            if (r.isError()) {
                throw new IllegalStateException(r.text());
            }
        }

        private RawResp connectToMaster() {
            RuntimeException last = null;
            for (int port : sentinels) {
                try (RawResp s = RawResp.connect(port, Duration.ofMillis(500))) {
                    Resp addr = s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", Clients.MASTER);
                    if (addr.isNull() || addr.isError()) {
                        continue;
                    }
                    RawResp m = RawResp.connect(Integer.parseInt(addr.get(1).str()), COMMAND_TIMEOUT);
                    Resp role = m.call("ROLE");
                    if (!role.isError() && "master".equals(role.get(0).str())) {
                        return m;
                    }
                    m.close();
                    last = new IllegalStateException("NOTMASTER the sentinel named a " + role.get(0).str());
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last != null ? last : new IllegalStateException("NOMASTER no sentinel knows the master");
        }

        @Override
        void recover(Exception failure) {
            closeClient();
        }

        @Override
        void closeClient() {
            if (conn != null) {
                conn.close();
                conn = null;
            }
        }
    }

    /** Lettuce 7.7 {@code MasterReplica} over a sentinel URI, reading and writing the master. */
    static final class Lettuce extends AckedWriter {
        private final RedisClient client = RedisClient.create();
        private final StatefulRedisMasterReplicaConnection<String, String> conn;

        Lettuce(List<Integer> sentinels) {
            super("lettuce");
            RedisURI.Builder b = RedisURI.Builder.sentinel("127.0.0.1", sentinels.get(0), Clients.MASTER);
            sentinels.subList(1, sentinels.size()).forEach(p -> b.withSentinel("127.0.0.1", p));
            conn = MasterReplica.connect(client, StringCodec.UTF8, b.withTimeout(COMMAND_TIMEOUT).build());
            conn.setReadFrom(ReadFrom.UPSTREAM);
        }

        @Override
        void setBit(long n) {
            conn.sync().setbit(key, n, 1);
        }

        @Override
        void closeClient() {
            conn.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Jedis 8 {@code RedisSentinelClient} (the successor of {@code JedisSentineled}): a pooled master connection. */
    static final class Jedis extends AckedWriter {
        private final RedisSentinelClient client;

        Jedis(List<Integer> sentinels) {
            super("jedis");
            Set<HostAndPort> addrs = sentinels.stream().map(p -> new HostAndPort("127.0.0.1", p))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            JedisClientConfig cfg = DefaultJedisClientConfig.builder()
                    .timeoutMillis((int) COMMAND_TIMEOUT.toMillis()).build();
            client = RedisSentinelClient.builder().masterName(Clients.MASTER).sentinels(addrs).clientConfig(cfg)
                    .sentinelClientConfig(cfg).build();
        }

        @Override
        void setBit(long n) {
            client.setbit(key, n, true);
        }

        @Override
        void closeClient() {
            client.close();
        }
    }
}
