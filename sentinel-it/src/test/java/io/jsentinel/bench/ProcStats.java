package io.jsentinel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads RSS and CPU time of a process from {@code /proc}. Linux only, which is where the sentinels run. */
final class ProcStats {
    /** USER_HZ; 100 on every Linux this runs on (getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** VmRSS in KiB, or -1 when the process is gone. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** utime + stime in seconds, or NaN when the process is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces and parentheses: fields start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // after "pid (comm) ", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The number of threads, or -1. */
    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
