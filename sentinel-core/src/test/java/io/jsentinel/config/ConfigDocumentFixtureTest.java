package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the scenarios recorded from a real redis-sentinel 7.0.15 (see the fixtures' README). */
class ConfigDocumentFixtureTest {
    private static final String MYID = "9e09ab021cf2741ef15610ff70ff658dda5de86c";

    @TempDir
    Path cwd;

    private static String fixture(String name) throws IOException {
        try (InputStream in = ConfigDocumentFixtureTest.class.getResourceAsStream("redis-7.0.15/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The real sentinel's file, with the deliberate difference (docs/security.md): 7.0.15 writes values as
     * they are, so one holding a space reads back as two arguments; we quote it, as Redis does since its fix.
     */
    private String expected(String name, String realDir) throws IOException {
        return fixture(name).replace("dir \"" + realDir + "\"", "dir \"" + cwd + "\"")
                .replace("auth-pass mymaster se cret", "auth-pass mymaster \"se cret\"");
    }

    private static final String RAW_SENTINEL_PASS = "sentinel sentinel-pass sp\"q";
    private static final String QUOTED_SENTINEL_PASS = "sentinel sentinel-pass \"sp\\\"q\"";

    /**
     * Compares our file with the real one once sentinel-pass {@code sp"q} is set. 7.0.15 writes it as it is
     * and cannot read that line back: each later rewrite comments it out ({@code # ???}) and appends it again.
     * Ours is quoted and read back, so it stays one line. Both files are compared without those lines and
     * without blank lines (7.0.15 appends after its own stray lines), and ours must hold exactly one quoted
     * line while the real one holds the raw.
     */
    private void assertSameButSentinelPass(String fixtureName) throws IOException {
        String theirs = expected(fixtureName, "/tmp/cfgx/sc1");
        String ours = doc.content();
        boolean set = theirs.lines().anyMatch(RAW_SENTINEL_PASS::equals);
        assertThat(ours.lines().filter(QUOTED_SENTINEL_PASS::equals).count()).isEqualTo(set ? 1 : 0);
        assertThat(withoutSentinelPass(ours)).isEqualTo(withoutSentinelPass(theirs));
        assertThat(ConfigTokenizer.split(QUOTED_SENTINEL_PASS)).containsExactly("sentinel", "sentinel-pass", "sp\"q");
    }

    /** {@code text} without the sentinel-pass lines and without blank lines (where appended lines go moves). */
    private static String withoutSentinelPass(String text) {
        return String.join("\n", text.lines()
                .filter(l -> !l.isEmpty() && !l.equals(RAW_SENTINEL_PASS) && !l.equals("# ??? " + RAW_SENTINEL_PASS)
                        && !l.equals(QUOTED_SENTINEL_PASS))
                .toList());
    }

    private ConfigDocument doc;
    private SentinelConfig cfg;

    private void step(UnaryOperator<SentinelConfig> change) {
        cfg = change.apply(cfg);
        String text = doc.rewrite(cfg);
        doc = doc.withContent(text);
    }

    @Test
    void scenarioOneMatchesRealSentinelAfterEveryStep() throws Exception {
        LoadedConfig loaded = ConfigLoader.parse(fixture("sc1/00-initial.conf"), List.of(), true, cwd);
        doc = loaded.document();
        cfg = loaded.config();
        assertThat(cfg.myId()).isNull();
        assertThat(cfg.currentEpoch()).isEqualTo(5);
        MasterConfig m = cfg.masters().get(0);
        assertThat(m.knownReplicas()).containsExactly(new Endpoint("127.0.0.1", 2), new Endpoint("127.0.0.1", 3));

        // Redis' dict happened to list replica :3 first
        step(c -> withMyId(c, MYID, List.of(new Endpoint("127.0.0.1", 3), new Endpoint("127.0.0.1", 2))));
        assertThat(doc.content()).isEqualTo(expected("sc1/01-started.conf", "/tmp/cfgx/sc1"));

        step(c -> mapMaster(c, "mymaster", x -> new MasterConfig(x.name(), x.host(), x.port(), 1, x.downAfterMillis(),
                60000, 3, "u1", "se cret", null, null, 1000, Map.of("CONFIG", "XCONFIG"), x.configEpoch(),
                x.leaderEpoch(), x.knownReplicas(), x.knownSentinels())));
        assertThat(doc.content()).isEqualTo(expected("sc1/02-set.conf", "/tmp/cfgx/sc1"));

        step(c -> globals(c, "1.2.3.4 x\"y", c.announcePort(), c.resolveHostnames(), c.announceHostnames(), null, null));
        step(c -> globals(c, c.announceIp(), 5555, c.resolveHostnames(), c.announceHostnames(), null, null));
        step(c -> globals(c, c.announceIp(), c.announcePort(), true, c.announceHostnames(), null, null));
        step(c -> globals(c, c.announceIp(), c.announcePort(), true, true, null, null));
        step(c -> globals(c, c.announceIp(), c.announcePort(), true, true, "su", null));
        step(c -> globals(c, c.announceIp(), c.announcePort(), true, true, "su", "sp\"q"));
        assertSameButSentinelPass("sc1/03-configset.conf");

        step(c -> addMaster(c, MasterConfig.withDefaults("other", "127.0.0.2", 7000, 3)));
        assertSameButSentinelPass("sc1/04-monitor.conf");

        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("set", "s2");
        renames.put("get", "g2");
        step(c -> mapMaster(c, "other", x -> new MasterConfig(x.name(), x.host(), x.port(), x.quorum(),
                x.downAfterMillis(), x.failoverTimeoutMillis(), x.parallelSyncs(), null, null, null, null, 0,
                renames, 0, 0, List.of(), List.of())));
        assertSameButSentinelPass("sc1/05-rename.conf");

        step(c -> new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(),
                c.server(), c.masters().stream().filter(x -> !x.name().equals("mymaster")).toList()));
        assertSameButSentinelPass("sc1/06-remove.conf");

        // SENTINEL CONFIG SET announce-ip '' keeps an empty (not absent) value in 7.0
        step(c -> globals(c, "", c.announcePort(), true, true, "su", c.sentinelPass()));
        step(c -> globals(c, c.announceIp(), c.announcePort(), true, true, "su", null));
        step(c -> globals(c, c.announceIp(), 0, true, true, "su", null));
        assertSameButSentinelPass("sc1/07-unset.conf");
    }

    @Test
    void scenarioTwoArgvOverridesAndGenericNormalisation() throws Exception {
        List<String> argv = ConfigLoader.argvToLines(List.of("--port", "33783", "--logfile", "", "--maxmemory", "2gb",
                "--sentinel", "announce-port", "7"));
        LoadedConfig loaded = ConfigLoader.parse(fixture("sc2/00-initial.conf"), argv, true, cwd);
        assertThat(loaded.config().server().port()).isEqualTo(33783);
        assertThat(loaded.config().announcePort()).isEqualTo(7);
        assertThat(loaded.config().myId()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        String ours = loaded.document().rewrite(loaded.config());
        assertThat(sortGenerated(ours)).isEqualTo(sortGenerated(expected("sc2/02-flush.conf", "/tmp/cfgx/sc2")));
    }

    /** Sorts each run of appended non-sentinel lines (Redis writes them in random dict order). */
    private static List<String> sortGenerated(String text) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        boolean generated = false;
        for (String line : text.split("\n", -1)) {
            if (generated && !line.isEmpty() && !line.startsWith("sentinel ")) {
                run.add(line);
                continue;
            }
            run.sort(null);
            out.addAll(run);
            run.clear();
            out.add(line);
            generated |= line.equals(ConfigDocument.SIGNATURE);
        }
        run.sort(null);
        out.addAll(run);
        return out;
    }

    static SentinelConfig withMyId(SentinelConfig c, String id, List<Endpoint> replicas) {
        MasterConfig x = c.masters().get(0);
        MasterConfig m = new MasterConfig(x.name(), x.host(), x.port(), x.quorum(), x.downAfterMillis(),
                x.failoverTimeoutMillis(), x.parallelSyncs(), x.authUser(), x.authPass(), x.notificationScript(),
                x.clientReconfigScript(), x.masterRebootDownAfterPeriodMillis(), x.renamedCommands(), x.configEpoch(),
                x.leaderEpoch(), replicas, x.knownSentinels());
        return new SentinelConfig(id, c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), c.server(),
                List.of(m));
    }

    static SentinelConfig mapMaster(SentinelConfig c, String name, UnaryOperator<MasterConfig> f) {
        return new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), c.server(),
                c.masters().stream().map(m -> m.name().equals(name) ? f.apply(m) : m).toList());
    }

    static SentinelConfig addMaster(SentinelConfig c, MasterConfig m) {
        List<MasterConfig> all = new ArrayList<>(c.masters());
        all.add(m);
        return new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(), c.server(),
                all);
    }

    static SentinelConfig globals(SentinelConfig c, String ip, int port, boolean resolve, boolean announceHost,
            String user, String pass) {
        return new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), resolve, announceHost, ip, port,
                user, pass, c.server(), c.masters());
    }
}
