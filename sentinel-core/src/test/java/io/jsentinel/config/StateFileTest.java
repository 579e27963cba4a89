package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsentinel.link.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel state-file}: the directive, the file's text, loading it over sentinel.conf, its errors. */
class StateFileTest {
    static final String ID = "0123456789abcdef0123456789abcdef01234567";
    static final String PEER = "f".repeat(40);
    static final String CONF = "port 26400\n"
            + "sentinel monitor mymaster 127.0.0.1 6379 2\n"
            + "sentinel down-after-milliseconds mymaster 5000\n"
            + "sentinel monitor other 127.0.0.1 7000 1\n"
            + "sentinel state-file state/sentinel.state\n";

    @TempDir
    Path dir;

    private Path conf(String text) throws Exception {
        Files.createDirectories(dir.resolve("state"));
        return Files.writeString(dir.resolve("sentinel.conf"), text);
    }

    private LoadedConfig load(Path conf) throws Exception {
        return ConfigLoader.load(conf, List.of(), true, dir);
    }

    /** {@code c} as the core would save it after a failover of mymaster to 6380 in epoch 3. */
    private static SentinelConfig afterFailover(SentinelConfig c) {
        MasterConfig m = c.masters().get(0);
        MasterConfig moved = new MasterConfig(m.name(), "127.0.0.1", 6380, m.quorum(), m.downAfterMillis(),
                m.failoverTimeoutMillis(), m.parallelSyncs(), m.authUser(), m.authPass(), m.notificationScript(),
                m.clientReconfigScript(), m.masterRebootDownAfterPeriodMillis(), m.renamedCommands(), 3, 3,
                List.of(new Endpoint("127.0.0.1", 6379), new Endpoint("127.0.0.1", 6381)),
                List.of(new KnownSentinel("127.0.0.1", 26401, PEER)));
        return new SentinelConfig(ID, 3, c.denyScriptsReconfig(), c.resolveHostnames(), c.announceHostnames(),
                c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), c.server(),
                List.of(moved, c.masters().get(1)));
    }

    @Test
    void theDirectiveResolvesAgainstDirAndIsAbsentByDefault() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("data"));
        LoadedConfig loaded = ConfigLoader.parse("dir data\nsentinel state-file s.state\n", List.of(), true, dir);
        assertThat(loaded.stateFile()).isEqualTo(sub.resolve("s.state").toAbsolutePath());
        assertThat(ConfigLoader.parse("sentinel state-file /var/lib/x.state\n", List.of(), true, dir).stateFile())
                .isEqualTo(Path.of("/var/lib/x.state"));
        assertThat(ConfigLoader.parse("port 26400\n", List.of(), true, dir).stateFile()).isNull();
    }

    @Test
    void theDirectiveRefusesTheConfigFileItselfAndBadShapes() throws Exception {
        Path f = Files.writeString(dir.resolve("sentinel.conf"), "port 1\nsentinel state-file sentinel.conf\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("at line 2\n>>> 'sentinel state-file sentinel.conf'\n"
                        + "state-file must not be the configuration file itself.");
        assertThatThrownBy(() -> ConfigLoader.parse("sentinel state-file a b\n", List.of(), true, dir))
                .hasMessageEndingWith(SentinelDirectives.UNRECOGNIZED);
        assertThatThrownBy(() -> ConfigLoader.parse("sentinel state-file \"\"\n", List.of(), true, dir))
                .hasMessageEndingWith("state-file needs a file name.");
    }

    @Test
    void aMissingStateFileIsAFreshStartAndSavingNeverTouchesSentinelConf() throws Exception {
        Path f = conf(CONF);
        byte[] before = Files.readAllBytes(f);
        LoadedConfig loaded = load(f);
        StateFileStore store = StateFileStore.open(loaded.config(), loaded.stateFile(), f);
        assertThat(store.initialConfig()).isEqualTo(loaded.config());
        assertThat(store.notes()).isEmpty();
        assertThat(store.persistsConfiguration()).isFalse();

        store.save(afterFailover(loaded.config()));

        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.readString(loaded.stateFile())).isEqualTo(StateFile.HEADER + "\n"
                + "# The configuration is read from " + f + ", which is never written.\n"
                + "sentinel myid " + ID + "\n"
                + "sentinel current-epoch 3\n"
                + "sentinel configured-address mymaster 127.0.0.1 6379\n"
                + "sentinel current-address mymaster 127.0.0.1 6380\n"
                + "sentinel config-epoch mymaster 3\n"
                + "sentinel leader-epoch mymaster 3\n"
                + "sentinel known-replica mymaster 127.0.0.1 6379\n"
                + "sentinel known-replica mymaster 127.0.0.1 6381\n"
                + "sentinel known-sentinel mymaster 127.0.0.1 26401 " + PEER + "\n"
                + "sentinel configured-address other 127.0.0.1 7000\n"
                + "sentinel current-address other 127.0.0.1 7000\n"
                + "sentinel config-epoch other 0\n"
                + "sentinel leader-epoch other 0\n");
        try (Stream<Path> files = Files.list(loaded.stateFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sentinel.state");
        }
    }

    @Test
    void theSavedStateIsLoadedBackOverTheConfiguration() throws Exception {
        Path f = conf(CONF);
        LoadedConfig loaded = load(f);
        SentinelConfig saved = afterFailover(loaded.config());
        StateFileStore.open(loaded.config(), loaded.stateFile(), f).save(saved);

        StateFileStore reopened = StateFileStore.open(load(f).config(), loaded.stateFile(), f);
        assertThat(reopened.initialConfig()).isEqualTo(saved);
        assertThat(reopened.notes()).isEmpty();
        // the options still come from sentinel.conf
        assertThat(reopened.initialConfig().masters().get(0).downAfterMillis()).isEqualTo(5000);

        // and the next save keeps recording the monitor line's address, not the current one
        reopened.save(reopened.initialConfig());
        assertThat(Files.readString(loaded.stateFile()))
                .contains("sentinel configured-address mymaster 127.0.0.1 6379\n"
                        + "sentinel current-address mymaster 127.0.0.1 6380\n");
    }

    @Test
    void theForgettingRuleKeepsItsSettingFromSentinelConfAndItsRecordInTheStateFile() throws Exception {
        Path f = conf(CONF + "sentinel forget-stale-after-milliseconds 60000\n");
        LoadedConfig loaded = load(f);
        assertThat(loaded.config().forgetStaleAfterMillis()).isEqualTo(60_000);
        SentinelConfig failedOver = afterFailover(loaded.config());
        MasterConfig m = failedOver.masters().get(0);
        MasterConfig measured = new MasterConfig(m.name(), m.host(), m.port(), m.quorum(), m.downAfterMillis(),
                m.failoverTimeoutMillis(), m.parallelSyncs(), m.authUser(), m.authPass(), m.notificationScript(),
                m.clientReconfigScript(), m.masterRebootDownAfterPeriodMillis(), m.renamedCommands(), m.configEpoch(),
                m.leaderEpoch(), m.knownReplicas(), m.knownSentinels(), 3);
        StateFileStore.open(loaded.config(), loaded.stateFile(), f)
                .save(new SentinelConfig(ID, 3, true, false, false, null, 0, null, null, failedOver.server(),
                        List.of(measured, failedOver.masters().get(1)), 60_000));
        assertThat(Files.readString(loaded.stateFile())).contains("sentinel live-sentinels-seen mymaster 3\n")
                .doesNotContain("forget-stale");

        SentinelConfig reloaded = StateFileStore.open(load(f).config(), loaded.stateFile(), f).initialConfig();
        assertThat(reloaded.forgetStaleAfterMillis()).isEqualTo(60_000);
        assertThat(reloaded.masters().get(0).liveSentinelsSeen()).isEqualTo(3);
    }

    @Test
    void anEditedMonitorLineWinsAndDiscardsThatMastersState() throws Exception {
        Path f = conf(CONF);
        LoadedConfig loaded = load(f);
        StateFileStore.open(loaded.config(), loaded.stateFile(), f).save(afterFailover(loaded.config()));

        conf(CONF.replace("monitor mymaster 127.0.0.1 6379", "monitor mymaster 127.0.0.1 6390"));
        LoadedConfig edited = load(f);
        StateFileStore store = StateFileStore.open(edited.config(), edited.stateFile(), f);

        MasterConfig m = store.initialConfig().masters().get(0);
        assertThat(new Endpoint(m.host(), m.port())).isEqualTo(new Endpoint("127.0.0.1", 6390));
        assertThat(m.configEpoch()).isZero();
        assertThat(m.knownReplicas()).isEmpty();
        assertThat(m.knownSentinels()).isEmpty();
        // the id and the epoch are the sentinel's, not the master's: they stay
        assertThat(store.initialConfig().myId()).isEqualTo(ID);
        assertThat(store.initialConfig().currentEpoch()).isEqualTo(3);
        assertThat(store.notes()).containsExactly("The monitor line of master mymaster names 127.0.0.1:6390, the "
                + "state file " + edited.stateFile() + " was saved for 127.0.0.1:6379: its saved state is discarded");

        store.save(store.initialConfig());
        assertThat(Files.readString(edited.stateFile()))
                .contains("sentinel configured-address mymaster 127.0.0.1 6390\n")
                .doesNotContain("6380", "6381", PEER);
    }

    @Test
    void stateOfAMasterNoLongerMonitoredIsDropped() throws Exception {
        Path f = conf(CONF);
        LoadedConfig loaded = load(f);
        StateFileStore.open(loaded.config(), loaded.stateFile(), f).save(afterFailover(loaded.config()));

        conf(CONF.replace("sentinel monitor other 127.0.0.1 7000 1\n", ""));
        LoadedConfig edited = load(f);
        StateFileStore store = StateFileStore.open(edited.config(), edited.stateFile(), f);
        assertThat(store.initialConfig().masters()).extracting(MasterConfig::name).containsExactly("mymaster");
        assertThat(store.notes()).containsExactly("Master other is in the state file " + edited.stateFile()
                + " but no longer monitored: its saved state is dropped");
        store.save(store.initialConfig());
        assertThat(Files.readString(edited.stateFile())).doesNotContain(" other ");
    }

    @Test
    void aMyIdInSentinelConfWinsAndTheLargerEpochIsKept() throws Exception {
        Path f = conf(CONF);
        LoadedConfig loaded = load(f);
        StateFileStore.open(loaded.config(), loaded.stateFile(), f).save(afterFailover(loaded.config()));

        String own = "a".repeat(40);
        conf(CONF + "sentinel myid " + own + "\nsentinel current-epoch 9\n");
        LoadedConfig edited = load(f);
        StateFileStore store = StateFileStore.open(edited.config(), edited.stateFile(), f);
        assertThat(store.initialConfig().myId()).isEqualTo(own);
        assertThat(store.initialConfig().currentEpoch()).isEqualTo(9);
        assertThat(store.notes()).containsExactly("The config file's sentinel myid " + own + " differs from " + ID
                + " in the state file " + edited.stateFile() + ": using the config file's");
    }

    @Test
    void aDamagedStateFileStopsStartUpNamingFileAndLine() throws Exception {
        Path f = conf(CONF);
        SentinelConfig c = load(f).config();
        Path state = dir.resolve("state/sentinel.state");
        String good = "sentinel myid " + ID + "\nsentinel configured-address mymaster 127.0.0.1 6379\n";
        Map<String, String> cases = Map.of(
                "sentinel current-epoch 1x", "Invalid epoch.",
                "sentinel config-epoch mymaster -1", "Invalid epoch.",
                "sentinel known-replica mymaster 127.0.0.1 99999", "Invalid port number.",
                "sentinel known-replica mymaster example.org 6379", "Can't resolve instance hostname.",
                "sentinel known-replica nobody 127.0.0.1 6379", "No configured-address line for this master.",
                "sentinel monitor mymaster 127.0.0.1 6379 2", StateFile.UNRECOGNIZED,
                "port 26379", StateFile.UNRECOGNIZED,
                "sentinel known-sentinel mymaster 127.0.0.1 \"26379", "Unbalanced quotes in configuration line",
                "sentinel configured-address mymaster 127.0.0.1 6379", "Duplicate master name.");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Files.writeString(state, good + "\n" + e.getKey() + "\n");
            assertThatThrownBy(() -> StateFileStore.open(c, state, f)).as(e.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                            + "Reading the state file " + state + ", at line 4\n"
                            + ">>> '" + e.getKey() + "'\n" + e.getValue());
        }
    }

    @Test
    void anEmptyOrUnreadableStateFileIsAnErrorNotAFreshStart() throws Exception {
        Path f = conf(CONF);
        SentinelConfig c = load(f).config();
        Path state = Files.writeString(dir.resolve("state/sentinel.state"), "");
        assertThatThrownBy(() -> StateFileStore.open(c, state, f))
                .hasMessageContaining("Reading the state file " + state + "\n")
                .hasMessageEndingWith("has no 'sentinel myid' line: it is damaged or not a state file. "
                        + "Restore it, or delete it to start this sentinel afresh.");
        Path directory = Files.createDirectories(dir.resolve("state/a-directory"));
        assertThatThrownBy(() -> StateFileStore.open(c, directory, f))
                .hasMessageEndingWith("Reading the state file " + directory + "\nCan't read it: Is a directory");
    }

    @Test
    void hostNamesAreAcceptedWithResolveHostnamesAsInSentinelConf() throws Exception {
        Path f = conf("sentinel resolve-hostnames yes\nsentinel monitor m db.example 6379 1\n"
                + "sentinel state-file state/s\n");
        LoadedConfig loaded = load(f);
        StateFileStore store = StateFileStore.open(loaded.config(), loaded.stateFile(), f);
        SentinelConfig c = loaded.config();
        MasterConfig m = c.masters().get(0);
        SentinelConfig moved = new SentinelConfig(ID, 1, c.denyScriptsReconfig(), true, false, null, 0, null, null,
                c.server(), List.of(new MasterConfig(m.name(), "replica.example", 6379, 1, m.downAfterMillis(),
                m.failoverTimeoutMillis(), m.parallelSyncs(), null, null, null, null, 0, Map.of(), 1, 1,
                List.of(new Endpoint("db.example", 6379)), List.of())));
        store.save(moved);
        assertThat(StateFileStore.open(c, loaded.stateFile(), f).initialConfig()).isEqualTo(moved);
    }

    @Test
    void writabilityMessagesFollowRedisWording() throws Exception {
        Path missingDir = dir.resolve("nowhere/s.state");
        assertThat(StateFileStore.checkWritable(missingDir)).isEqualTo(
                "Sentinel state file " + missingDir + " is not writable: No such file or directory. Exiting...");
        assertThat(StateFileStore.checkWritable(dir)).isEqualTo(
                "Sentinel state file " + dir + " is not writable: Is a directory. Exiting...");
        assertThat(StateFileStore.checkWritable(dir.resolve("new.state"))).isNull();
    }
}
