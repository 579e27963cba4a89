package io.jsentinel.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Arity and flags of the 7.0.15 sentinel table (values from COMMAND INFO of a real redis-sentinel). */
class CommandCatalogTest {
    private static final CommandCatalog CATALOG = CommandCatalog.sentinel();

    @ParameterizedTest
    @CsvSource({
        "ping,-1", "info,-1", "role,1", "hello,-1", "auth,-2", "publish,3", "subscribe,-2", "psubscribe,-2",
        "unsubscribe,-1", "punsubscribe,-1", "shutdown,-1", "sentinel,-2", "client,-2", "acl,-2", "command,-1",
        "client|setname,3", "client|id,2", "client|kill,-3", "client|list,-2", "command|getkeys,-4",
        "sentinel|master,3", "sentinel|monitor,6", "sentinel|set,-5", "sentinel|config,-3", "acl|setuser,-3",
    })
    void arity(String name, int arity) {
        assertThat(CATALOG.byFullName(name)).isNotNull();
        assertThat(CATALOG.byFullName(name).arity()).isEqualTo(arity);
    }

    @Test
    void tableHasExactlyTheSentinelCommands() {
        assertThat(CATALOG.count()).isEqualTo(15);
        assertThat(CATALOG.top("get")).isNull();
        assertThat(CATALOG.top("quit")).isNull();
        assertThat(CATALOG.byFullName("client|setinfo")).isNull();
        assertThat(CATALOG.top("AUTH").flags()).contains("no_auth");
        assertThat(CATALOG.top("hello").flags()).contains("no_auth");
        assertThat(CATALOG.allWithSubcommands()).hasSize(72);
    }

    @Test
    void errorTextsMatchRedis() {
        assertThat(Errors.unknownCommand("GET", java.util.List.of("x")))
                .isEqualTo("ERR unknown command 'GET', with args beginning with: 'x' ");
        assertThat(Errors.unknownCommand("QUIT", java.util.List.of()))
                .isEqualTo("ERR unknown command 'QUIT', with args beginning with: ");
        assertThat(Errors.unknownSubcommand("client", "SETINFO")).isEqualTo("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.");
        assertThat(Errors.unknownCommand("x", java.util.List.of("a".repeat(200))))
                .isEqualTo("ERR unknown command 'x', with args beginning with: '" + "a".repeat(128) + "' ");
    }
}
