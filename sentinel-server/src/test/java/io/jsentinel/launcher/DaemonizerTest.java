package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonizerTest {
    @TempDir
    Path dir;

    @Test
    void childRepeatsThisJvmCommandLineUnderSetsid() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> cmd = Daemonizer.childCommand(info, Optional.of(Path.of("/usr/bin/setsid")));
        assertThat(cmd.get(0)).isEqualTo("/usr/bin/setsid");
        assertThat(cmd.get(1)).isEqualTo(info.command().orElseThrow());
        assertThat(cmd.subList(2, cmd.size())).containsExactly(info.arguments().orElseThrow());
        assertThat(Daemonizer.childCommand(info, Optional.empty()).get(0)).isEqualTo(info.command().orElseThrow());
    }

    @Test
    void findsExecutableSetsidOnPath() throws Exception {
        Path notExec = Files.createDirectories(dir.resolve("a")).resolve("setsid");
        Files.writeString(notExec, "");
        Path bin = Files.createDirectories(dir.resolve("b"));
        Path exec = Files.createFile(bin.resolve("setsid"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(Daemonizer.findSetsid(dir.resolve("a") + ":" + bin)).contains(exec);
        assertThat(Daemonizer.findSetsid(dir.resolve("a").toString())).isEmpty();
        assertThat(Daemonizer.findSetsid(null)).isEmpty();
    }

    @Test
    void childIsRecognisedByItsEnvironment() {
        assertThat(Daemonizer.isChild(Map.of(Daemonizer.CHILD_ENV, "1"))).isTrue();
        assertThat(Daemonizer.isChild(Map.of())).isFalse();
    }
}
