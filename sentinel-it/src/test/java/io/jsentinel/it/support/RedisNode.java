package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import redis.clients.jedis.Jedis;

/**
 * One real {@code redis-server} on 127.0.0.1 in its own directory, with persistence off. Build it with
 * {@link #builder()}, then {@link Builder#start()}.
 */
public final class RedisNode extends ManagedProcess {
    private final String requirePass;
    private final String masterAuth;
    private final List<String> extraArgs;
    private final List<String> tlsArgs;
    private final Callable<Boolean> readyCheck;
    private final Path configFile;
    private volatile Integer replicaOfPort;

    private RedisNode(Builder b) {
        super(b.name, b.port > 0 ? b.port : FreePorts.next());
        this.requirePass = b.requirePass;
        this.masterAuth = b.masterAuth;
        this.extraArgs = List.copyOf(b.extraArgs);
        this.tlsArgs = b.tlsArgs;
        this.readyCheck = b.readyCheck;
        this.configFile = b.configFile ? dir.resolve("redis.conf") : null;
        if (configFile != null) {
            try {
                Files.writeString(configFile, "", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.replicaOfPort = b.replicaOfPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> command() {
        List<String> cmd = new ArrayList<>(List.of("redis-server"));
        if (configFile != null) {
            cmd.add(configFile.toString());
        }
        if (tlsArgs == null) {
            cmd.addAll(List.of("--port", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
            cmd.addAll(tlsArgs);
        }
        cmd.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", dir.toString(), "--logfile", "",
                // the default 5 s delay before a diskless full sync would leave new replicas empty for 5 s
                "--repl-diskless-sync-delay", "0"));
        if (requirePass != null) {
            cmd.addAll(List.of("--requirepass", requirePass));
        }
        if (masterAuth != null) {
            cmd.addAll(List.of("--masterauth", masterAuth));
        }
        Integer master = replicaOfPort;
        if (master != null) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", master.toString()));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    @Override
    protected String authPassword() {
        return requirePass;
    }

    @Override
    protected boolean ready() {
        if (readyCheck == null) {
            return super.ready();
        }
        try {
            return readyCheck.call();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * After a failover the node's role is whatever the sentinels made it; a restart should not force the
     * original {@code --replicaof}. Set it to null to restart the node as a master (like a box reboot with
     * a config that says nothing about replication), or to a port.
     */
    public void replicaOfOnRestart(Integer masterPort) {
        this.replicaOfPort = masterPort;
    }

    /** {@code master}, {@code slave} (first element of ROLE). */
    public String role() {
        return call("ROLE").get(0).str();
    }

    /** For a replica: the master port it follows according to ROLE; -1 for a master. */
    public int replicaOfPortNow() {
        Resp role = call("ROLE");
        return "slave".equals(role.get(0).str()) ? Integer.parseInt(role.get(2).text()) : -1;
    }

    /** A Jedis client (authenticated when the node has a password); close it. */
    public Jedis jedis() {
        Jedis j = new Jedis("127.0.0.1", port);
        if (requirePass != null) {
            j.auth(requirePass);
        }
        return j;
    }

    public String password() {
        return requirePass;
    }

    /** Settings of one redis-server. */
    public static final class Builder {
        private String name = "redis";
        private int port;
        private String requirePass;
        private String masterAuth;
        private Integer replicaOfPort;
        private List<String> tlsArgs;
        private Callable<Boolean> readyCheck;
        private boolean configFile;
        private final List<String> extraArgs = new ArrayList<>();

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets both requirepass and masterauth, as a sentinel-managed group needs. */
        public Builder password(String password) {
            this.requirePass = password;
            this.masterAuth = password;
            return this;
        }

        public Builder requirePass(String password) {
            this.requirePass = password;
            return this;
        }

        public Builder masterAuth(String password) {
            this.masterAuth = password;
            return this;
        }

        public Builder replicaOf(RedisNode master) {
            this.replicaOfPort = master.port();
            return this;
        }

        public Builder replicaPriority(int priority) {
            return arg("--replica-priority", Integer.toString(priority));
        }

        public Builder minReplicasToWrite(int n) {
            return arg("--min-replicas-to-write", Integer.toString(n));
        }

        /**
         * Serves TLS only on its port (no plain-text port), with this certificate and key, and requires client
         * certificates signed by {@code caCert}. PING over plain RESP cannot reach it: give {@link #readyWhen}.
         */
        public Builder tlsOnly(Path cert, Path key, Path caCert) {
            this.tlsArgs = List.of("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                    "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "yes");
            return this;
        }

        /** How start-up tells the node is ready, in place of a PING over plain RESP (false or a throw: not yet). */
        public Builder readyWhen(Callable<Boolean> check) {
            this.readyCheck = check;
            return this;
        }

        /**
         * Starts from an (empty) redis.conf in its directory, so that CONFIG REWRITE succeeds. Not the default:
         * a rewrite after a failover would make a restart keep the role the sentinels gave it.
         */
        public Builder withConfigFile() {
            this.configFile = true;
            return this;
        }

        /** Any other {@code --option value...} pair. */
        public Builder arg(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        public RedisNode start() {
            RedisNode node = new RedisNode(this);
            node.launch();
            return node;
        }
    }
}
