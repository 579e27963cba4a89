package io.jsentinel.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownNamesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsNamesInAnyLetterCaseAndNothingElse() {
        KnownNames names = new KnownNames(List.of("ping", "get-master-addr-by-name", "sentinel", "Client"));
        assertThat(names.lookup(b("PING"))).isEqualTo("ping");
        assertThat(names.lookup(b("pInG"))).isSameAs(names.lookup(b("ping")));
        assertThat(names.lookup(b("GET-MASTER-ADDR-BY-NAME"))).isEqualTo("get-master-addr-by-name");
        assertThat(names.lookup(b("client"))).isEqualTo("client");
        assertThat(names.lookup(b("pin"))).isNull();
        assertThat(names.lookup(b("pingg"))).isNull();
        assertThat(names.lookup(b(""))).isNull();
        // '@' + 32 is '`' and '[' is not a letter: only A-Z fold.
        assertThat(names.lookup(b("PIN\u0007"))).isNull();
        assertThat(names.lookup(new byte[] {(byte) 0xD0, 'I', 'N', 'G'})).isNull();
    }

    @Test
    void everyCatalogNameIsFound() {
        List<String> all = CommandCatalog.sentinel().allWithSubcommands().stream()
                .map(s -> s.fullName().substring(s.fullName().indexOf('|') + 1)).toList();
        KnownNames names = new KnownNames(all);
        for (String n : all) {
            assertThat(names.lookup(b(n.toUpperCase(java.util.Locale.ROOT)))).isEqualTo(n);
        }
    }
}
