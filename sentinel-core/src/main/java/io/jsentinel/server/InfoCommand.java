package io.jsentinel.server;

import io.jsentinel.config.Defaults;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * INFO for a sentinel: sections server, clients, stats, cpu, sentinel (in that order), fields as
 * redis-sentinel 7.0.15 lists them; data-server counters that cannot apply are reported as 0.
 */
final class InfoCommand {
    private static final List<String> ALL = List.of("server", "clients", "stats", "cpu", "sentinel");

    private InfoCommand() {
    }

    static String render(ClientSession s, List<byte[]> argv) {
        Set<String> wanted = new LinkedHashSet<>();
        if (argv.size() == 1) {
            wanted.addAll(ALL);
        }
        for (int i = 1; i < argv.size(); i++) {
            String sec = CommandTable.lower(argv.get(i));
            if (sec.equals("default") || sec.equals("all") || sec.equals("everything")) {
                wanted.addAll(ALL);
            } else {
                wanted.add(sec);
            }
        }
        SentinelServer server = s.server();
        StringBuilder sb = new StringBuilder();
        int sections = 0;
        for (String sec : ALL) {
            if (!wanted.contains(sec)) {
                continue;
            }
            if (sections++ > 0) {
                sb.append("\r\n");
            }
            switch (sec) {
                case "server" -> server(sb, server);
                case "clients" -> clients(sb, server);
                case "stats" -> stats(sb, server);
                case "cpu" -> cpu(sb);
                default -> sb.append(server.backend().infoSentinelSection());
            }
        }
        return sb.toString();
    }

    private static void server(StringBuilder sb, SentinelServer server) {
        ServerInfo info = server.info();
        long now = System.currentTimeMillis();
        long uptime = Math.max(0, (now - info.startMillis()) / 1000);
        String arch = System.getProperty("os.arch", "");
        String machine = arch.equals("amd64") ? "x86_64" : arch.equals("aarch64") ? "aarch64" : arch;
        boolean bits64 = arch.contains("64");
        line(sb, "# Server");
        line(sb, "redis_version:" + Defaults.REDIS_VERSION);
        line(sb, "redis_git_sha1:00000000");
        line(sb, "redis_git_dirty:0");
        line(sb, "redis_build_id:" + info.runId().substring(0, 15));
        line(sb, "redis_mode:sentinel");
        line(sb, "os:" + System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + machine);
        line(sb, "arch_bits:" + (bits64 ? 64 : 32));
        line(sb, "monotonic_clock:POSIX clock_gettime");
        line(sb, "multiplexing_api:epoll");
        line(sb, "atomicvar_api:c11-builtin");
        line(sb, "gcc_version:0.0.0");
        line(sb, "process_id:" + info.pid());
        line(sb, "process_supervised:" + info.supervised());
        line(sb, "run_id:" + info.runId());
        line(sb, "tcp_port:" + (info.tcpPort() != 0 ? info.tcpPort() : server.port()));
        line(sb, "server_time_usec:" + now * 1000);
        line(sb, "uptime_in_seconds:" + uptime);
        line(sb, "uptime_in_days:" + uptime / 86400);
        line(sb, "hz:10");
        line(sb, "configured_hz:10");
        line(sb, "lru_clock:" + ((now / 1000) & ((1 << 24) - 1)));
        line(sb, "executable:" + info.executable());
        line(sb, "config_file:" + info.configFile());
        line(sb, "io_threads_active:0");
    }

    private static void clients(StringBuilder sb, SentinelServer server) {
        line(sb, "# Clients");
        line(sb, "connected_clients:" + server.connectedClients());
        line(sb, "cluster_connections:0");
        line(sb, "maxclients:" + server.limits().maxClients());
        line(sb, "client_recent_max_input_buffer:20480");
        line(sb, "client_recent_max_output_buffer:0");
        line(sb, "blocked_clients:0");
        line(sb, "tracking_clients:0");
        line(sb, "clients_in_timeout_table:0");
    }

    private static void stats(StringBuilder sb, SentinelServer server) {
        ServerStats st = server.stats();
        line(sb, "# Stats");
        line(sb, "total_connections_received:" + st.connectionsReceived.sum());
        line(sb, "total_commands_processed:" + st.commands.sum());
        line(sb, "instantaneous_ops_per_sec:0");
        line(sb, "total_net_input_bytes:" + st.inputBytes.sum());
        line(sb, "total_net_output_bytes:" + st.outputBytes.sum());
        for (String zero : List.of("total_net_repl_input_bytes", "total_net_repl_output_bytes")) {
            line(sb, zero + ":0");
        }
        for (String kbps : List.of("instantaneous_input_kbps", "instantaneous_output_kbps",
                "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps")) {
            line(sb, kbps + ":0.00");
        }
        line(sb, "rejected_connections:" + st.rejectedConnections.sum());
        for (String zero : List.of("sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys")) {
            line(sb, zero + ":0");
        }
        line(sb, "expired_stale_perc:0.00");
        for (String zero : List.of("expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys",
                "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits",
                "keyspace_misses")) {
            line(sb, zero + ":0");
        }
        line(sb, "pubsub_channels:" + server.pubsub().channelCount());
        line(sb, "pubsub_patterns:" + server.pubsub().patternCount());
        for (String zero : List.of("pubsubshard_channels", "latest_fork_usec", "total_forks", "migrate_cached_sockets",
                "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
                "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time",
                "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies")) {
            line(sb, zero + ":0");
        }
        line(sb, "total_error_replies:" + st.errorReplies.sum());
        line(sb, "dump_payload_sanitizations:0");
        line(sb, "total_reads_processed:" + st.reads.sum());
        line(sb, "total_writes_processed:" + st.commands.sum());
        for (String zero : List.of("io_threaded_reads_processed", "io_threaded_writes_processed",
                "reply_buffer_shrinks", "reply_buffer_expands")) {
            line(sb, zero + ":0");
        }
    }

    private static void cpu(StringBuilder sb) {
        double user = 0;
        double sys = 0;
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            // The JVM reports only total process CPU; show it as user time.
            user = sun.getProcessCpuTime() / 1e9;
        }
        line(sb, "# CPU");
        line(sb, "used_cpu_sys:" + fmt(sys));
        line(sb, "used_cpu_user:" + fmt(user));
        line(sb, "used_cpu_sys_children:0.000000");
        line(sb, "used_cpu_user_children:0.000000");
        line(sb, "used_cpu_sys_main_thread:" + fmt(sys));
        line(sb, "used_cpu_user_main_thread:" + fmt(user));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append("\r\n");
    }
}
