package io.jsentinel.it.chaos;

import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;

/** The four client kinds of the chaos scenarios, all discovering the master through the sentinels. */
final class Clients {
    static final String MASTER = "mymaster";

    private Clients() {
    }

    /** Maps an address a sentinel reported to the port the test JVM connects to (a gateway in a netns). */
    interface AddressMap {
        int localPort(String ip, int port);

        AddressMap IDENTITY = (ip, port) -> port;
    }

    /** All four against sentinels listening on 127.0.0.1. */
    static List<ChaosClient> all(List<Integer> sentinelPorts) {
        return List.of(new Plain("plain", sentinelPorts, AddressMap.IDENTITY).start(),
                new Lettuce("lettuce", sentinelPorts).start(),
                new JedisPool("jedis", sentinelPorts).start(),
                new Cli("redis-cli", sentinelPorts).start());
    }

    /**
     * The plain loop: asks the sentinels in turn for the master, checks ROLE, then RPUSHes every 50 ms on
     * one connection; on any error it drops the connection and asks again.
     */
    static final class Plain extends ChaosClient {
        private final List<Integer> sentinels;
        private final AddressMap map;
        private RawResp conn;
        final AtomicLong reasks = new AtomicLong();

        Plain(String name, List<Integer> sentinels, AddressMap map) {
            super(name);
            this.sentinels = sentinels;
            this.map = map;
        }

        @Override
        void append(long value) {
            if (conn == null) {
                conn = connectMaster();
            }
            Resp r = conn.call("RPUSH", key, Long.toString(value));
            if (r.isError()) {
                throw new IllegalStateException(r.text());
            }
        }

        private RawResp connectMaster() {
            reasks.incrementAndGet();
            RuntimeException last = null;
            for (int port : sentinels) {
                try (RawResp s = RawResp.connect(port, Duration.ofMillis(500))) {
                    Resp addr = s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                    if (addr.isNull() || addr.isError()) {
                        continue;
                    }
                    RawResp m = RawResp.connect(map.localPort(addr.get(0).str(),
                            Integer.parseInt(addr.get(1).str())), Duration.ofSeconds(1));
                    Resp role = m.call("ROLE");
                    if (!role.isError() && "master".equals(role.get(0).str())) {
                        return m;
                    }
                    m.close();
                    last = new IllegalStateException("sentinel named a non-master: " + role);
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last != null ? last : new IllegalStateException("no sentinel knows the master");
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

    /** Lettuce MasterReplica over a sentinel URI: writes go to the master, reads (LLEN) to replicas. */
    static final class Lettuce extends ChaosClient {
        private final RedisClient client = RedisClient.create();
        private final StatefulRedisMasterReplicaConnection<String, String> conn;
        final AtomicLong replicaReads = new AtomicLong();

        Lettuce(String name, List<Integer> sentinels) {
            super(name);
            RedisURI.Builder b = RedisURI.Builder.sentinel("127.0.0.1", sentinels.get(0), MASTER);
            sentinels.subList(1, sentinels.size()).forEach(p -> b.withSentinel("127.0.0.1", p));
            RedisURI uri = b.withTimeout(Duration.ofSeconds(3)).build();
            conn = MasterReplica.connect(client, StringCodec.UTF8, uri);
            conn.setReadFrom(ReadFrom.REPLICA);
        }

        @Override
        void append(long value) {
            conn.sync().rpush(key, Long.toString(value));
        }

        @Override
        void extra() {
            conn.sync().llen(key);
            replicaReads.incrementAndGet();
        }

        @Override
        void closeClient() {
            conn.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Jedis {@code JedisSentinelPool}: a connection from the pool per write. */
    static final class JedisPool extends ChaosClient {
        private final JedisSentinelPool pool;

        JedisPool(String name, List<Integer> sentinels) {
            super(name);
            Set<HostAndPort> addrs = sentinels.stream().map(p -> new HostAndPort("127.0.0.1", p))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            JedisClientConfig cfg = DefaultJedisClientConfig.builder().timeoutMillis(2000).build();
            pool = new JedisSentinelPool(MASTER, addrs, cfg, cfg);
        }

        @Override
        void append(long value) {
            try (Jedis j = pool.getResource()) {
                j.rpush(key, Long.toString(value));
            }
        }

        @Override
        void closeClient() {
            pool.close();
        }
    }

    /** redis-cli processes: one asks a sentinel for the master, then one RPUSH per round. */
    static final class Cli extends ChaosClient {
        private final List<Integer> sentinels;
        private String[] master;

        Cli(String name, List<Integer> sentinels) {
            super(name);
            this.sentinels = sentinels;
        }

        @Override
        void append(long value) throws IOException, InterruptedException {
            if (master == null) {
                for (int port : sentinels) {
                    String out;
                    try {
                        out = cli("-p", Integer.toString(port), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                    } catch (IllegalStateException unreachable) {
                        continue; // a dead sentinel: ask the next one, as the client guidelines say
                    }
                    String[] lines = out.trim().split("\n");
                    if (lines.length == 2) {
                        master = new String[] {lines[0].trim(), lines[1].trim()};
                        break;
                    }
                }
                if (master == null) {
                    throw new IllegalStateException("no sentinel answered");
                }
            }
            String out = cli("-h", master[0], "-p", master[1], "RPUSH", key, Long.toString(value)).trim();
            if (!out.matches("\\d+")) {
                throw new IllegalStateException("redis-cli: " + out);
            }
        }

        private static String cli(String... args) throws IOException, InterruptedException {
            List<String> cmd = new java.util.ArrayList<>(List.of("redis-cli"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(1500, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new IllegalStateException("redis-cli timed out");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli exit " + p.exitValue() + ": " + out.trim());
            }
            return out;
        }

        @Override
        void recover(Exception failure) {
            master = null;
        }
    }
}
