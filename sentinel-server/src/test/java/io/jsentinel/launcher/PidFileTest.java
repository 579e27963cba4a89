package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void writesPidAndNewlineAndRemovesIt() throws Exception {
        Path path = dir.resolve("redis-sentinel.pid");
        Files.writeString(path, "999999999999\nstale\n");
        PidFile pid = PidFile.write(path, 4242);
        assertThat(Files.readString(path)).isEqualTo("4242\n");
        assertThat(pid.remove()).isTrue();
        assertThat(path).doesNotExist();
        assertThat(pid.remove()).isFalse();
    }

    @Test
    void unwritableLocationFails() {
        Path path = dir.resolve("missing-dir").resolve("x.pid");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PidFile.write(path, 1))
                .isInstanceOf(java.io.IOException.class);
    }
}
