package io.jsentinel.config;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generic directives {@code redis-server} 7.0.15 accepts, with their argument shapes, bounds and
 * defaults. The table was produced from a real 7.0.15 server: names and defaults from {@code CONFIG GET *},
 * kinds and bounds from the error each name gives for a bad value in a config file.
 */
final class RedisDirectives {

    /** How a directive's value is checked and written back. */
    enum Kind { BOOL, ENUM, INT, MEMORY, STRING, SPECIAL }

    /** One directive: {@code enumValues} for ENUM, bounds for INT and MEMORY. */
    record Spec(String name, Kind kind, BigInteger min, BigInteger max, List<String> enumValues, String defaultValue) {
        /** The name a rewrite uses: Redis translates "slave" to "replica" when it reads old lines. */
        String rewriteName() {
            return canonical(name);
        }
    }

    // name|kind|min-or-enum-values|max|default
    private static final String[] TABLE = {
            "acl-pubsub-default|ENUM|allchannels,resetchannels||resetchannels",
            "aclfile|STRING|||",
            "acllog-max-len|INT|0|9223372036854775807|128",
            "active-defrag-cycle-max|INT|1|99|25",
            "active-defrag-cycle-min|INT|1|99|1",
            "active-defrag-ignore-bytes|MEMORY|1|9223372036854775807|104857600",
            "active-defrag-max-scan-fields|INT|1|9223372036854775807|1000",
            "active-defrag-threshold-lower|INT|0|1000|10",
            "active-defrag-threshold-upper|INT|0|1000|100",
            "active-expire-effort|INT|1|10|1",
            "activedefrag|BOOL|||no",
            "activerehashing|BOOL|||yes",
            "always-show-logo|BOOL|||no",
            "aof-disable-auto-gc|BOOL|||no",
            "aof-load-truncated|BOOL|||yes",
            "aof-rewrite-incremental-fsync|BOOL|||yes",
            "aof-timestamp-enabled|BOOL|||no",
            "aof-use-rdb-preamble|BOOL|||yes",
            "aof_rewrite_cpulist|STRING|||",
            "appenddirname|STRING|||appendonlydir",
            "appendfilename|STRING|||appendonly.aof",
            "appendfsync|ENUM|everysec,always,no||everysec",
            "appendonly|BOOL|||no",
            "auto-aof-rewrite-min-size|MEMORY|0|9223372036854775807|67108864",
            "auto-aof-rewrite-percentage|INT|0|2147483647|100",
            "bgsave_cpulist|STRING|||",
            "bind|SPECIAL|||* -::*",
            "bind-source-addr|STRING|||",
            "bio_cpulist|STRING|||",
            "busy-reply-threshold|INT|0|9223372036854775807|5000",
            "client-output-buffer-limit|SPECIAL|||normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
            "client-query-buffer-limit|MEMORY|1048576|9223372036854775807|1073741824",
            "cluster-allow-pubsubshard-when-down|BOOL|||yes",
            "cluster-allow-reads-when-down|BOOL|||no",
            "cluster-allow-replica-migration|BOOL|||yes",
            "cluster-announce-bus-port|INT|0|65535|0",
            "cluster-announce-hostname|STRING|||",
            "cluster-announce-ip|STRING|||",
            "cluster-announce-port|INT|0|65535|0",
            "cluster-announce-tls-port|INT|0|65535|0",
            "cluster-config-file|STRING|||nodes.conf",
            "cluster-enabled|BOOL|||no",
            "cluster-link-sendbuf-limit|MEMORY|0|18446744073709551615|0",
            "cluster-migration-barrier|INT|0|2147483647|1",
            "cluster-node-timeout|INT|0|9223372036854775807|15000",
            "cluster-port|INT|0|65535|0",
            "cluster-preferred-endpoint-type|ENUM|ip,hostname,unknown-endpoint||ip",
            "cluster-replica-no-failover|BOOL|||no",
            "cluster-replica-validity-factor|INT|0|2147483647|10",
            "cluster-require-full-coverage|BOOL|||yes",
            "cluster-slave-no-failover|BOOL|||no",
            "cluster-slave-validity-factor|INT|0|2147483647|10",
            "crash-log-enabled|BOOL|||yes",
            "crash-memcheck-enabled|BOOL|||yes",
            "daemonize|BOOL|||no",
            "databases|INT|1|2147483647|16",
            "dbfilename|STRING|||dump.rdb",
            "dir|SPECIAL|||",
            "disable-thp|BOOL|||yes",
            "dynamic-hz|BOOL|||yes",
            "enable-debug-command|ENUM|no,yes,local||no",
            "enable-module-command|ENUM|no,yes,local||no",
            "enable-protected-configs|ENUM|no,yes,local||no",
            "hash-max-listpack-entries|INT|0|9223372036854775807|512",
            "hash-max-listpack-value|MEMORY|0|9223372036854775807|64",
            "hash-max-ziplist-entries|INT|0|9223372036854775807|512",
            "hash-max-ziplist-value|MEMORY|0|9223372036854775807|64",
            "hll-sparse-max-bytes|MEMORY|0|9223372036854775807|3000",
            "hz|INT|0|2147483647|10",
            "ignore-warnings|STRING|||",
            "io-threads|INT|1|128|1",
            "io-threads-do-reads|BOOL|||no",
            "jemalloc-bg-thread|BOOL|||yes",
            "latency-monitor-threshold|INT|0|9223372036854775807|0",
            "latency-tracking|BOOL|||yes",
            "latency-tracking-info-percentiles|SPECIAL|||50 99 99.9",
            "lazyfree-lazy-eviction|BOOL|||no",
            "lazyfree-lazy-expire|BOOL|||no",
            "lazyfree-lazy-server-del|BOOL|||no",
            "lazyfree-lazy-user-del|BOOL|||no",
            "lazyfree-lazy-user-flush|BOOL|||no",
            "lfu-decay-time|INT|0|2147483647|1",
            "lfu-log-factor|INT|0|2147483647|10",
            "list-compress-depth|INT|0|2147483647|0",
            "list-max-listpack-size|INT|-2147483648|2147483647|-2",
            "list-max-ziplist-size|INT|-2147483648|2147483647|-2",
            "logfile|STRING|||",
            "loglevel|ENUM|debug,verbose,notice,warning||notice",
            "lua-time-limit|INT|0|9223372036854775807|5000",
            "masterauth|STRING|||",
            "masteruser|STRING|||",
            "maxclients|INT|1|4294967295|10000",
            "maxmemory|MEMORY|0|18446744073709551615|0",
            "maxmemory-clients|SPECIAL|||0",
            "maxmemory-eviction-tenacity|INT|0|100|10",
            "maxmemory-policy|ENUM|volatile-lru,volatile-lfu,volatile-random,volatile-ttl,allkeys-lru,allkeys-lfu,allkeys-random,noeviction||noeviction",
            "maxmemory-samples|INT|1|2147483647|5",
            "min-replicas-max-lag|INT|0|2147483647|10",
            "min-replicas-to-write|INT|0|2147483647|0",
            "min-slaves-max-lag|INT|0|2147483647|10",
            "min-slaves-to-write|INT|0|2147483647|0",
            "no-appendfsync-on-rewrite|BOOL|||no",
            "notify-keyspace-events|SPECIAL|||",
            "oom-score-adj|ENUM|no,yes,relative,absolute||no",
            "oom-score-adj-values|SPECIAL|||0 200 800",
            "pidfile|STRING|||",
            "port|INT|0|65535|6379",
            "proc-title-template|SPECIAL|||{title} {listen-addr} {server-mode}",
            "propagation-error-behavior|ENUM|ignore,panic,panic-on-replicas||ignore",
            "protected-mode|BOOL|||yes",
            "proto-max-bulk-len|MEMORY|1048576|9223372036854775807|536870912",
            "rdb-del-sync-files|BOOL|||no",
            "rdb-save-incremental-fsync|BOOL|||yes",
            "rdbchecksum|BOOL|||yes",
            "rdbcompression|BOOL|||yes",
            "repl-backlog-size|MEMORY|1|9223372036854775807|1048576",
            "repl-backlog-ttl|INT|0|9223372036854775807|3600",
            "repl-disable-tcp-nodelay|BOOL|||no",
            "repl-diskless-load|ENUM|disabled,on-empty-db,swapdb||disabled",
            "repl-diskless-sync|BOOL|||yes",
            "repl-diskless-sync-delay|INT|0|2147483647|5",
            "repl-diskless-sync-max-replicas|INT|0|2147483647|0",
            "repl-ping-replica-period|INT|1|2147483647|10",
            "repl-ping-slave-period|INT|1|2147483647|10",
            "repl-timeout|INT|1|2147483647|60",
            "replica-announce-ip|STRING|||",
            "replica-announce-port|INT|0|65535|0",
            "replica-announced|BOOL|||yes",
            "replica-ignore-disk-write-errors|BOOL|||no",
            "replica-ignore-maxmemory|BOOL|||yes",
            "replica-lazy-flush|BOOL|||no",
            "replica-priority|INT|0|2147483647|100",
            "replica-read-only|BOOL|||yes",
            "replica-serve-stale-data|BOOL|||yes",
            "replicaof|SPECIAL|||",
            "requirepass|STRING|||",
            "sanitize-dump-payload|ENUM|no,yes,clients||no",
            "save|SPECIAL|||",
            "server_cpulist|STRING|||",
            "set-max-intset-entries|INT|0|9223372036854775807|512",
            "set-proc-title|BOOL|||yes",
            "shutdown-on-sigint|ENUM|default,save,nosave,now,force||default",
            "shutdown-on-sigterm|ENUM|default,save,nosave,now,force||default",
            "shutdown-timeout|INT|0|2147483647|10",
            "slave-announce-ip|STRING|||",
            "slave-announce-port|INT|0|65535|0",
            "slave-ignore-maxmemory|BOOL|||yes",
            "slave-lazy-flush|BOOL|||no",
            "slave-priority|INT|0|2147483647|100",
            "slave-read-only|BOOL|||yes",
            "slave-serve-stale-data|BOOL|||yes",
            "slaveof|SPECIAL|||",
            "slowlog-log-slower-than|INT|-1|9223372036854775807|10000",
            "slowlog-max-len|INT|0|9223372036854775807|128",
            "socket-mark-id|INT|0|4294967295|0",
            "stop-writes-on-bgsave-error|BOOL|||yes",
            "stream-node-max-bytes|MEMORY|0|9223372036854775807|4096",
            "stream-node-max-entries|INT|0|9223372036854775807|100",
            "supervised|ENUM|upstart,systemd,auto,no||no",
            "syslog-enabled|BOOL|||no",
            "syslog-facility|ENUM|user,local0,local1,local2,local3,local4,local5,local6,local7||local0",
            "syslog-ident|STRING|||redis",
            "tcp-backlog|INT|0|2147483647|511",
            "tcp-keepalive|INT|0|2147483647|300",
            "timeout|INT|0|2147483647|0",
            "tls-auth-clients|ENUM|no,yes,optional||yes",
            "tls-ca-cert-dir|STRING|||",
            "tls-ca-cert-file|STRING|||",
            "tls-cert-file|STRING|||",
            "tls-ciphers|STRING|||",
            "tls-ciphersuites|STRING|||",
            "tls-client-cert-file|STRING|||",
            "tls-client-key-file|STRING|||",
            "tls-client-key-file-pass|STRING|||",
            "tls-cluster|BOOL|||no",
            "tls-dh-params-file|STRING|||",
            "tls-key-file|STRING|||",
            "tls-key-file-pass|STRING|||",
            "tls-port|INT|0|65535|0",
            "tls-prefer-server-ciphers|BOOL|||no",
            "tls-protocols|STRING|||",
            "tls-replication|BOOL|||no",
            "tls-session-cache-size|INT|0|2147483647|20480",
            "tls-session-cache-timeout|INT|0|2147483647|300",
            "tls-session-caching|BOOL|||yes",
            "tracking-table-max-keys|INT|0|9223372036854775807|1000000",
            "unixsocket|STRING|||",
            "unixsocketperm|SPECIAL|||0",
            "zset-max-listpack-entries|INT|0|9223372036854775807|128",
            "zset-max-listpack-value|MEMORY|0|9223372036854775807|64",
            "zset-max-ziplist-entries|INT|0|9223372036854775807|128",
            "zset-max-ziplist-value|MEMORY|0|9223372036854775807|64"
    };

    private static final Map<String, Spec> SPECS = new HashMap<>();

    static {
        for (String row : TABLE) {
            String[] f = row.split("\\|", -1);
            Kind kind = Kind.valueOf(f[1]);
            BigInteger min = null;
            BigInteger max = null;
            List<String> enums = List.of();
            if (kind == Kind.ENUM) {
                enums = List.of(f[2].split(","));
            } else if (!f[2].isEmpty()) {
                min = new BigInteger(f[2]);
                max = new BigInteger(f[3]);
            }
            SPECS.put(f[0], new Spec(f[0], kind, min, max, enums, f[4]));
        }
    }

    private RedisDirectives() {
    }

    /** The spec of a standard directive, by lower-case name, or null. */
    static Spec lookup(String lowerName) {
        return SPECS.get(lowerName);
    }

    /** All standard directive specs. */
    static Iterable<Spec> all() {
        return SPECS.values();
    }

    /** Redis' "slave" to "replica" translation of option names (config rewrite). */
    static String canonical(String lowerName) {
        int i = lowerName.indexOf("slave");
        return i < 0 ? lowerName : lowerName.substring(0, i) + "replica" + lowerName.substring(i + 5);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
