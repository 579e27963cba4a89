package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.command.Errors;
import io.jsentinel.config.ConfigLoader;
import io.jsentinel.config.LoadedConfig;
import io.jsentinel.config.StateFileStore;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A core over a {@link StateFileStore}: sentinel.conf is never written, the state file gets the generated id,
 * a switched master and the epochs, and the commands that would change configuration are refused.
 */
class StateFileModeTest {
    static final String PEER = "d".repeat(40);
    static final String CONF = "port 26400\n"
            + "sentinel monitor mymaster 10.0.0.1 6379 2\n"
            + "sentinel state-file sentinel.state\n";

    @TempDir
    Path dir;
    Path conf;
    byte[] confBytes;
    SentinelCore core;

    @BeforeEach
    void setUp() throws Exception {
        conf = Files.writeString(dir.resolve("sentinel.conf"), CONF);
        confBytes = Files.readAllBytes(conf);
        core = start();
    }

    private SentinelCore start() throws Exception {
        LoadedConfig loaded = ConfigLoader.load(conf, List.of(), true, dir);
        StateFileStore store = StateFileStore.open(loaded.config(), loaded.stateFile(), conf);
        SentinelCore c = new SentinelCore(store.initialConfig(), store, new RecordingLinks(), new FakeClock(),
                new Random(1));
        c.events().mute();
        c.start();
        return c;
    }

    private RespValue sentinel(String... args) {
        List<byte[]> argv = new ArrayList<>();
        argv.add("SENTINEL".getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return core.commands().execute(argv);
    }

    private String state() throws Exception {
        return Files.readString(dir.resolve("sentinel.state"));
    }

    @Test
    void theGeneratedIdGoesToTheStateFileAndSentinelConfStaysAsWritten() throws Exception {
        String id = core.state().myId;
        assertThat(id).hasSize(40);
        assertThat(state()).contains("sentinel myid " + id + "\n");
        assertThat(Files.readAllBytes(conf)).isEqualTo(confBytes);

        assertThat(sentinel("FLUSHCONFIG")).isEqualTo(RespValue.OK);
        assertThat(Files.readAllBytes(conf)).isEqualTo(confBytes);
        assertThat(start().state().myId).isEqualTo(id);
    }

    @Test
    void commandsThatWouldChangeTheConfigurationAreRefused() throws Exception {
        String before = state();
        RespValue refused = RespValue.error(Errors.CONFIG_READ_ONLY);
        assertThat(sentinel("MONITOR", "other", "10.0.0.9", "6379", "1")).isEqualTo(refused);
        assertThat(sentinel("REMOVE", "mymaster")).isEqualTo(refused);
        assertThat(sentinel("SET", "mymaster", "quorum", "1")).isEqualTo(refused);
        assertThat(sentinel("SET", "nosuchmaster", "quorum", "1")).isEqualTo(refused);
        assertThat(sentinel("CONFIG", "SET", "announce-ip", "10.9.9.9")).isEqualTo(refused);
        assertThat(sentinel("config", "set", "resolve-hostnames", "yes")).isEqualTo(refused);
        assertThat(Errors.CONFIG_READ_ONLY)
                .isEqualTo("ERR sentinel.conf is read-only in state-file mode: change it there and restart");

        assertThat(core.state().masters).containsOnlyKeys("mymaster");
        assertThat(core.state().masters.get("mymaster").quorum).isEqualTo(2);
        assertThat(core.state().announceIp).isNull();
        assertThat(state()).isEqualTo(before);
        assertThat(Files.readAllBytes(conf)).isEqualTo(confBytes);
    }

    @Test
    void readsResetAndArityErrorsWorkAsUsual() {
        assertThat(sentinel("MASTERS").toString()).contains("mymaster");
        assertThat(sentinel("CONFIG", "GET", "announce-ip"))
                .isEqualTo(new RespValue.MapValue(java.util.Map.of(RespValue.bulk("announce-ip"), RespValue.bulk(""))));
        assertThat(sentinel("GET-MASTER-ADDR-BY-NAME", "mymaster"))
                .isEqualTo(RespValue.array(RespValue.bulk("10.0.0.1"), RespValue.bulk("6379")));
        assertThat(sentinel("RESET", "*")).isEqualTo(RespValue.integer(1));
        assertThat(sentinel("SET", "mymaster")).isEqualTo(RespValue.error(Errors.wrongArity("sentinel|set")));
    }

    @Test
    void aSwitchedMasterAndItsEpochsAreSavedAndComeBackAtTheNextStart() throws Exception {
        core.processHello("10.0.1.9,26379," + PEER + ",7,mymaster,10.0.0.1,6379,0");
        core.processHello("10.0.1.9,26379," + PEER + ",7,mymaster,10.0.0.3,6379,7");
        assertThat(core.state().masters.get("mymaster").addr.host()).isEqualTo("10.0.0.3");

        assertThat(state()).contains("sentinel current-epoch 7\n",
                "sentinel configured-address mymaster 10.0.0.1 6379\n",
                "sentinel current-address mymaster 10.0.0.3 6379\n",
                "sentinel config-epoch mymaster 7\n",
                "sentinel known-replica mymaster 10.0.0.1 6379\n",
                "sentinel known-sentinel mymaster 10.0.1.9 26379 " + PEER + "\n");
        assertThat(Files.readAllBytes(conf)).isEqualTo(confBytes);

        String id = core.state().myId;
        SentinelCore again = start();
        assertThat(again.state().myId).isEqualTo(id);
        assertThat(again.state().currentEpoch).isEqualTo(7);
        assertThat(again.state().masters.get("mymaster").addr.host()).isEqualTo("10.0.0.3");
        assertThat(again.state().masters.get("mymaster").configEpoch).isEqualTo(7);
        assertThat(again.state().masters.get("mymaster").sentinels).containsKey(PEER);
        assertThat(again.publishedMasterAddress("mymaster"))
                .isEqualTo(RespValue.array(RespValue.bulk("10.0.0.3"), RespValue.bulk("6379")));
    }
}
