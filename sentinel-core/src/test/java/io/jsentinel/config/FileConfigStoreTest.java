package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void saveRewritesAtomicallyAndLeavesNoTempFile() throws Exception {
        Path f = dir.resolve("sentinel.conf");
        Files.writeString(f, "# keep me\nport 26400\nsentinel monitor m 10.0.0.1 6379 2\nhz 20\nsave 3600 1\n");
        LoadedConfig loaded = ConfigLoader.load(f, List.of(), true, dir);
        FileConfigStore store = FileConfigStore.of(loaded);
        SentinelConfig withId = FixtureHelpers.withMyId(loaded.config(), MyIds.generate(new Random(1)));
        store.save(withId);

        String text = Files.readString(f);
        assertThat(text).startsWith("# keep me\nport 26400\nsentinel monitor m 10.0.0.1 6379 2\nhz 20\nsave 3600 1\n\n"
                + ConfigDocument.SIGNATURE + "\n");
        assertThat(text).contains("sentinel myid " + withId.myId() + "\n");
        assertThat(store.document().content()).isEqualTo(text);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sentinel.conf");
        }
        SentinelConfig reloaded = ConfigLoader.load(f, List.of(), true, dir).config();
        assertThat(FixtureHelpers.withServer(reloaded, withId.server())).isEqualTo(withId);
        assertThat(reloaded.server().genericArgs("hz")).containsExactly("20");

        store.save(withId);
        assertThat(Files.readString(f)).isEqualTo(text + "\n");
        store.save(withId);
        assertThat(Files.readString(f)).isEqualTo(text + "\n");
    }

    @Test
    void writabilityMessagesAreRedis() throws Exception {
        assertThat(FileConfigStore.checkWritable(null)).isEqualTo("Sentinel needs config file on disk to save state. Exiting...");
        Path missing = dir.resolve("none.conf");
        assertThat(FileConfigStore.checkWritable(missing))
                .isEqualTo("Sentinel config file " + missing + " is not writable: No such file or directory. Exiting...");
        Path ok = Files.writeString(dir.resolve("ok.conf"), "");
        assertThat(FileConfigStore.checkWritable(ok)).isNull();
    }

    @Test
    void myIdsAreFortyLowerCaseHexCharacters() {
        String id = MyIds.generate(new Random(7));
        assertThat(id).hasSize(40).matches("[0-9a-f]{40}");
        assertThat(MyIds.generate(new Random(7))).isEqualTo(id);
    }
}
