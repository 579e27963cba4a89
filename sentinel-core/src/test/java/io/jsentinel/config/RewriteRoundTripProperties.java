package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse, rewrite, parse again gives the same model, whatever the model and the old file. */
class RewriteRoundTripProperties {
    private static final Path CWD = Path.of("").toAbsolutePath().normalize();
    private static final String OLD_FILE = """
            # operator comment
            port 26379
            maxmemory 1gb
            sentinel monitor old 10.9.9.9 6379 2
            sentinel known-replica old 10.9.9.8 6379
            sentinel rename-command old CONFIG X
            sentinel current-epoch 1
            """;

    @Property(tries = 300)
    void rewriteThenParseGivesTheSameConfig(@ForAll("configs") SentinelConfig config, @ForAll boolean fromOldFile)
            throws Exception {
        ConfigDocument doc = new ConfigDocument(null, fromOldFile ? OLD_FILE : "");
        String text = doc.rewrite(config);
        SentinelConfig back = ConfigLoader.parse(text, List.of(), true, CWD).config();
        // the rewrite adds generic lines Redis always writes (user default, latency percentiles): compare those apart
        assertThat(FixtureHelpers.withServer(back, config.server())).isEqualTo(config);
        assertThat(back.server().port()).isEqualTo(config.server().port());
        // parse -> rewrite -> parse is a fixed point, generic settings included; the text settles after one
        // more rewrite, which (like Redis) keeps the old file's final empty line as one trailing blank line
        String again = new ConfigDocument(null, text).rewrite(back);
        assertThat(again).isEqualTo(text.endsWith("\n\n") ? text : text + "\n");
        assertThat(ConfigLoader.parse(again, List.of(), true, CWD).config()).isEqualTo(back);
        assertThat(new ConfigDocument(null, again).rewrite(back)).isEqualTo(again);
        if (fromOldFile) {
            assertThat(text).contains("# operator comment\n").contains("maxmemory 1gb\n");
        }
    }

    @Provide
    Arbitrary<SentinelConfig> configs() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> secret = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12)
                .filter(s -> List.of(s).equals(ConfigTokenizer.split(s)));
        Arbitrary<String> ip = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
        Arbitrary<Long> epoch = Arbitraries.longs().between(0, 1_000_000);
        Arbitrary<MasterConfig> master = Combinators.combine(
                Combinators.combine(word, ip, port, Arbitraries.integers().between(1, 9),
                        Arbitraries.longs().between(1, 1_000_000), Arbitraries.longs().between(1, 1_000_000),
                        Arbitraries.integers().between(0, 10), secret.injectNull(0.5)).as(RewriteRoundTripProperties::list),
                Combinators.combine(secret.injectNull(0.5), Arbitraries.longs().between(0, 100_000), epoch, epoch,
                        ip.list().ofMaxSize(3).uniqueElements(), Arbitraries.strings().withCharRange('0', '9')
                                .ofLength(40).list().ofMaxSize(2).uniqueElements(),
                        word.list().ofMaxSize(3).uniqueElements()).as(RewriteRoundTripProperties::list))
                .as(RewriteRoundTripProperties::master);
        Arbitrary<List<MasterConfig>> masters = master.list().ofMaxSize(3).uniqueElements(MasterConfig::name);
        return Combinators.combine(
                Combinators.combine(Arbitraries.longs().between(0, 1_000_000), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(10).injectNull(0.5))
                        .as(RewriteRoundTripProperties::list),
                Combinators.combine(Arbitraries.integers().between(0, 65535), secret.injectNull(0.5), secret.injectNull(0.5),
                        masters, Arbitraries.integers().between(1, 65535)).as(RewriteRoundTripProperties::list))
                .as(RewriteRoundTripProperties::config);
    }

    private static List<Object> list(Object... values) {
        return java.util.Arrays.asList(values);
    }

    @SuppressWarnings("unchecked")
    private static MasterConfig master(List<Object> a, List<Object> b) {
        String name = (String) a.get(0);
        List<Endpoint> replicas = ((List<String>) b.get(4)).stream().map(h -> new Endpoint(h, 6379)).toList();
        List<KnownSentinel> peers = new ArrayList<>();
        int p = 26379;
        for (String id : (List<String>) b.get(5)) {
            peers.add(new KnownSentinel("10.0.0." + (p - 26378), p++, id));
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (String cmd : (List<String>) b.get(6)) {
            renames.put(cmd.toUpperCase(), cmd + "x");
        }
        return new MasterConfig(name, (String) a.get(1), (Integer) a.get(2), (Integer) a.get(3), (Long) a.get(4),
                (Long) a.get(5), (Integer) a.get(6), (String) a.get(7), (String) b.get(0), null, null, (Long) b.get(1),
                renames, (Long) b.get(2), (Long) b.get(3), replicas, peers);
    }

    @SuppressWarnings("unchecked")
    private static SentinelConfig config(List<Object> a, List<Object> b) {
        List<MasterConfig> masters = (List<MasterConfig>) b.get(3);
        long epoch = (Long) a.get(0);
        for (MasterConfig m : masters) {
            epoch = Math.max(epoch, m.configEpoch());
        }
        ServerSettings server = new ServerSettings((Integer) b.get(4), List.of(), false, null, List.of(), "", "notice",
                null, false, CWD.toString(), 0);
        return new SentinelConfig(MyIds.generate(new Random(epoch)), epoch, (Boolean) a.get(1), true, (Boolean) a.get(3),
                (String) a.get(4), (Integer) b.get(0), (String) b.get(1), (String) b.get(2), server, masters);
    }
}
