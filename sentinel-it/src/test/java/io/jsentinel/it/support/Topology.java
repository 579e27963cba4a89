package io.jsentinel.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One master, N replicas and M sentinels of given kinds, all on 127.0.0.1. {@link #close()} stops
 * everything that was started, in reverse order, even if start-up failed half way.
 *
 * <pre>{@code
 * try (Topology t = Topology.builder().replicas(2).password("pw")
 *         .sentinels(SentinelKind.REAL, SentinelKind.JSENTINEL).start()) {
 *     t.awaitDiscovery(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class Topology implements AutoCloseable {
    public static final String MASTER_NAME = "mymaster";

    private final List<ManagedProcess> started = new ArrayList<>();
    private final List<RedisNode> redis = new ArrayList<>();
    private final List<SentinelNode> sentinels = new ArrayList<>();
    private final String password;
    private final int quorum;

    private Topology(String password, int quorum) {
        this.password = password;
        this.quorum = quorum;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The node that was started as master (after a failover it may be a replica). */
    public RedisNode initialMaster() {
        return redis.get(0);
    }

    /** The nodes started as replicas. */
    public List<RedisNode> initialReplicas() {
        return redis.subList(1, redis.size());
    }

    /** All data nodes, initial master first. */
    public List<RedisNode> redisNodes() {
        return List.copyOf(redis);
    }

    /** The data node listening on {@code port}. */
    public RedisNode redisAt(int port) {
        return redis.stream().filter(r -> r.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no redis node on port " + port));
    }

    public List<SentinelNode> sentinels() {
        return List.copyOf(sentinels);
    }

    public SentinelNode sentinel(int i) {
        return sentinels.get(i);
    }

    public String password() {
        return password;
    }

    public int quorum() {
        return quorum;
    }

    /**
     * Waits until every running sentinel lists all replicas and all other sentinels; returns false on
     * timeout instead of failing, so callers decide.
     */
    public boolean awaitDiscovery(Duration timeout) {
        try {
            await("discovery").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(this::discovered);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** True when every running sentinel lists all replicas and all other sentinels right now. */
    public boolean discovered() {
        int replicas = redis.size() - 1;
        for (SentinelNode s : sentinels) {
            if (!s.isAlive()) {
                continue;
            }
            try {
                Resp r = s.replicas(MASTER_NAME);
                Resp p = s.peers(MASTER_NAME);
                if (r.isError() || p.isError() || r.size() != replicas || p.size() != sentinels.size() - 1) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    /** Node directories and log tails, for failure messages. */
    public String describe() {
        return started.stream().map(p -> p + " pid=" + (p.isAlive() ? p.pid() : "dead") + " dir=" + p.dir()
                + "\n" + p.logTail(15)).collect(Collectors.joining("\n\n"));
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                started.get(i).kill();
            }
        }
    }

    /** The shape of a topology. */
    public static final class Builder {
        private int replicas = 2;
        private String password;
        private final List<SentinelKind> kinds = new ArrayList<>();
        private Integer quorum;
        private long downAfterMillis = 1000;
        private long failoverTimeoutMillis = 6000;
        private final List<String> sentinelLines = new ArrayList<>();
        private final List<String> redisArgs = new ArrayList<>();

        public Builder replicas(int n) {
            this.replicas = n;
            return this;
        }

        /** requirepass and masterauth on every data node, auth-pass on every sentinel. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder sentinels(SentinelKind... kinds) {
            this.kinds.addAll(Arrays.asList(kinds));
            return this;
        }

        public Builder sentinels(List<SentinelKind> kinds) {
            this.kinds.addAll(kinds);
            return this;
        }

        /** Default: a majority of the sentinels. */
        public Builder quorum(int quorum) {
            this.quorum = quorum;
            return this;
        }

        public Builder downAfter(long millis) {
            this.downAfterMillis = millis;
            return this;
        }

        public Builder failoverTimeout(long millis) {
            this.failoverTimeoutMillis = millis;
            return this;
        }

        /** An extra line for every sentinel.conf. */
        public Builder sentinelLine(String line) {
            sentinelLines.add(line);
            return this;
        }

        /** Extra {@code --option value...} arguments for every data node (e.g. an ACL {@code --user}). */
        public Builder redisArg(String... args) {
            redisArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** Starts the data nodes, then the sentinels; on any failure stops what was started and rethrows. */
        public Topology start() {
            int q = quorum != null ? quorum : Math.max(1, kinds.size() / 2 + 1);
            Topology t = new Topology(password, q);
            try {
                String[] nodeArgs = redisArgs.toArray(String[]::new);
                RedisNode master = RedisNode.builder().name("master").password(password).arg(nodeArgs).start();
                t.started.add(master);
                t.redis.add(master);
                for (int i = 0; i < replicas; i++) {
                    RedisNode r = RedisNode.builder().name("replica" + (i + 1)).password(password)
                            .replicaOf(master).arg(nodeArgs).start();
                    t.started.add(r);
                    t.redis.add(r);
                }
                for (SentinelKind kind : kinds) {
                    SentinelNode.Builder b = SentinelNode.builder(kind).monitor(MASTER_NAME, master.port(), q)
                            .downAfter(downAfterMillis).failoverTimeout(failoverTimeoutMillis).authPass(password);
                    sentinelLines.forEach(b::line);
                    SentinelNode s = b.create();
                    t.started.add(s);
                    t.sentinels.add(s);
                    s.start();
                }
                return t;
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
        }
    }
}
