package io.jsentinel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Markdown the parts append to: printed to stdout as it grows (so a long run shows progress) and written to
 * {@code results.md} at the end, ready to paste into docs/benchmarks.md.
 */
final class Report {
    private final StringBuilder md = new StringBuilder();

    void heading(String text) {
        line("");
        line("### " + text);
        line("");
    }

    void line(String text) {
        md.append(text).append('\n');
        System.out.println("[bench] " + text);
        System.out.flush();
    }

    /** A markdown table. */
    void table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        List<String> sep = new ArrayList<>();
        header.forEach(h -> sep.add("---"));
        line("| " + String.join(" | ", sep) + " |");
        rows.forEach(r -> line("| " + String.join(" | ", r) + " |"));
        line("");
    }

    void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command and returns its output, or a note when it fails; for the machine description. */
    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** nproc, CPU model, RAM, kernel, Java, load. */
    void machine() {
        heading("Machine");
        String cpu = sh("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
        String mem = sh("sh", "-c", "grep MemTotal /proc/meminfo | tr -s ' '");
        table(List.of("what", "value"), List.of(
                List.of("nproc", sh("nproc")),
                List.of("CPU", cpu.trim()),
                List.of("RAM", mem),
                List.of("kernel", sh("uname", "-r")),
                List.of("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")),
                List.of("redis-sentinel", sh("redis-sentinel", "--version")),
                List.of("load average at start", sh("cat", "/proc/loadavg")),
                List.of("jsentinel JVM flags (from bin/redis-sentinel)", String.join(" ", BenchSentinel.launcherFlags()))));
    }
}
