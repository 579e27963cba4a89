package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsentinel.command.CommandCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACL rule semantics and texts. Expected lines were recorded from redis-sentinel 7.0.15 with the same
 * ACL SETUSER calls (where Redis lists single commands in its random dict order, we compare as sets).
 */
class AclStoreTest {
    private final CommandCatalog catalog = CommandCatalog.sentinel();
    private final AclStore acl = new AclStore(catalog, null, List.of());

    private String set(String name, String... rules) {
        return acl.setUser(name, Arrays.asList(rules));
    }

    private boolean can(String user, String... argv) {
        var spec = catalog.top(argv[0]);
        if (spec.isContainer()) {
            spec = spec.subcommands().get(argv[1].toLowerCase());
        }
        return acl.get(user).canRun(spec, Arrays.stream(argv).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void describesLikeRedis() {
        assertThat(acl.get("default").describe()).isEqualTo("user default on nopass ~* &* +@all");
        assertThat(set("alice", "on", ">pw1", "+@all", "-sentinel|failover", "+ping", "~*", "&*")).isNull();
        assertThat(acl.get("alice").describe()).isEqualTo("user alice on "
                + "#c592df4a86933b92addc9842402ddf198c638ea9be58916ee6e3734e1e3152f8 ~* &* +@all -sentinel|failover");
        assertThat(set("bob", "on", "nopass", "-@all", "+sentinel|masters", "+acl|whoami", "+ping")).isNull();
        assertThat(acl.get("bob").commandRules().split(" "))
                .containsExactlyInAnyOrder("-@all", "+sentinel|masters", "+acl|whoami", "+ping");
        assertThat(set("bob", "+@admin")).isNull();
        assertThat(acl.get("bob").commandRules()).startsWith("-@all +@admin ");
        assertThat(acl.get("bob").commandRules().split(" "))
                .containsExactlyInAnyOrder("-@all", "+@admin", "+acl|whoami", "+ping");
        assertThat(set("bob", "-@all", "+@read", "~foo", "resetkeys", "allkeys")).isNull();
        assertThat(acl.get("bob").describe()).isEqualTo("user bob on nopass ~* resetchannels -@all");
        assertThat(set("dave", "on", ">a", "+@all", "-@dangerous")).isNull();
        assertThat(acl.get("dave").describe()).isEqualTo("user dave on "
                + "#ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb resetchannels +@all -@dangerous");
        assertThat(set("e4", "on", "nopass", "+@all", "&chan*", "&x", "~k1", "%R~k2")).isNull();
        assertThat(acl.get("e4").describe()).isEqualTo("user e4 on nopass ~k1 %R~k2 resetchannels &chan* &x +@all");
        assertThat(acl.get("e4").keysText()).isEqualTo("~k1 %R~k2");
        assertThat(acl.get("e4").channelsText()).isEqualTo("&chan* &x");
        assertThat(set("e5", "on", "nopass", "+@all", "-@dangerous", "+sentinel|masters")).isNull();
        assertThat(acl.get("e5").commandRules()).isEqualTo("+@all -@dangerous +sentinel|masters");
        assertThat(set("e6", "on", "nopass", "+@pubsub", "+@connection")).isNull();
        assertThat(acl.get("e6").commandRules()).isEqualTo("-@all +@connection +@pubsub");
        assertThat(set("f2", "+ping|foo", "+ping|bar", "+ping|Foo")).isNull();
        assertThat(acl.get("f2").describe()).isEqualTo("user f2 off resetchannels -@all +ping|foo +ping|bar");
        assertThat(set("f1", "+ping|foo", "+ping")).isNull();
        assertThat(acl.get("f1").commandRules()).isEqualTo("-@all +ping");
        assertThat(set("f3", "+ping|foo", "-ping")).isNull();
        assertThat(acl.get("f3").commandRules()).isEqualTo("-@all");
        assertThat(set("f4", "on", "nopass", "+ping|foo", "+sentinel|masters", "+@connection", "-hello")).isNull();
        assertThat(acl.get("f4").commandRules()).startsWith("-@all +@connection ");
        assertThat(acl.get("f4").commandRules().split(" "))
                .containsExactlyInAnyOrder("-@all", "+@connection", "+sentinel|masters", "-hello");
        assertThat(set("f6", "nocommands", "allkeys", "resetkeys", "reset")).isNull();
        assertThat(acl.get("f6").describe()).isEqualTo("user f6 off sanitize-payload resetchannels -@all");
    }

    @Test
    void containerRuleCoversItsSubcommandsAndIsDescribedByCategoryFit() {
        assertThat(set("e1", "on", "nopass", "+@all", "-sentinel")).isNull();
        String rules = acl.get("e1").commandRules();
        assertThat(rules).startsWith("+@all -@admin ");
        assertThat(rules.split(" ")).contains("+shutdown", "+client|kill", "+acl|setuser", "+role")
                .doesNotContain("-sentinel");
        assertThat(can("e1", "sentinel", "masters")).isFalse();
        assertThat(can("e1", "client", "kill")).isTrue();
        assertThat(set("e2", "on", "nopass", "-@all", "+sentinel", "-sentinel|reset")).isNull();
        assertThat(acl.get("e2").commandRules().split(" ")).containsExactlyInAnyOrder("-@all", "+@admin",
                "-sentinel|reset", "-shutdown", "-client|no-evict", "-client|list", "-client|unpause", "-client|pause",
                "-client|unblock", "-client|kill", "-role", "-acl|setuser", "-acl|users", "-acl|list", "-acl|deluser",
                "-acl|log", "-acl|save", "-acl|load", "-acl|getuser", "-acl|dryrun");
        assertThat(can("e2", "sentinel", "masters")).isTrue();
        assertThat(can("e2", "sentinel", "reset")).isFalse();
    }

    @Test
    void permissionsFollowBitsAndFirstArgs() {
        set("f4", "on", "nopass", "+ping|foo", "+sentinel|masters", "-hello");
        assertThat(can("f4", "ping", "FOO")).isTrue();
        assertThat(can("f4", "ping")).isFalse();
        assertThat(can("f4", "ping", "bar")).isFalse();
        assertThat(can("f4", "sentinel", "masters")).isTrue();
        assertThat(can("f4", "sentinel", "master")).isFalse();
        assertThat(can("f4", "hello")).isTrue(); // no_auth commands bypass ACLs, as in Redis
        assertThat(can("f4", "auth", "x")).isTrue();
        set("all", "on", "nopass", "+@all");
        assertThat(acl.get("all").allCommands()).isTrue();
        set("all", "-ping");
        assertThat(acl.get("all").allCommands()).isFalse();
        assertThat(can("all", "sentinel", "reset", "*")).isTrue();
    }

    @Test
    void channelsMatchLikeRedis() {
        set("c", "on", "nopass", "+@all", "&chan*", "&x");
        AclUser u = acl.get("c");
        assertThat(u.canUseChannel("chanfoo", false)).isTrue();
        assertThat(u.canUseChannel("other", false)).isFalse();
        assertThat(u.canUseChannel("chan*", true)).isTrue();
        assertThat(u.canUseChannel("cha*", true)).isFalse(); // a pattern must be one of the user's, literally
        set("c", "resetchannels", "allchannels", "resetchannels");
        assertThat(u.channelsText()).isEmpty();
        assertThat(u.canUseChannel("x", false)).isFalse();
    }

    @Test
    void errorsUseRedisTextsAndLeaveTheUserUnchanged() {
        assertThat(set("bob", "on", "nopass", "+ping")).isNull();
        assertThat(set("bob", "+nosuch")).isEqualTo("'+nosuch': Unknown command or category name in ACL");
        assertThat(set("bob", "+sentinel|nosuch")).isEqualTo("'+sentinel|nosuch': Unknown command or category name in ACL");
        assertThat(set("bob", "+@nosuch")).isEqualTo("'+@nosuch': Unknown command or category name in ACL");
        assertThat(set("bob", "+get")).isEqualTo("'+get': Unknown command or category name in ACL");
        assertThat(set("bob", "xyz")).isEqualTo("'xyz': Syntax error");
        assertThat(set("bob", "<nope")).isEqualTo("'<nope': The password you are trying to remove from the user does not exist");
        assertThat(set("bob", "#abc")).isEqualTo("'#abc': The password hash must be exactly 64 characters and "
                + "contain only lowercase hexadecimal characters");
        assertThat(set("bob", "-ping|foo")).isEqualTo("'-ping|foo': Unknown command or category name in ACL");
        assertThat(set("bob", "+sentinel|masters|x")).isEqualTo("'+sentinel|masters|x': Allowing first-arg of a subcommand is not supported");
        assertThat(set("bob", "+sentinel|")).isEqualTo("'+sentinel|': Syntax error");
        assertThat(set("bob", "%Q~x")).isEqualTo("'%Q~x': Syntax error");
        assertThat(set("bob", "off", "-@all", "bogus")).isEqualTo("'bogus': Syntax error");
        assertThat(acl.get("bob").describe()).isEqualTo("user bob on nopass resetchannels -@all +ping");
        assertThat(AclStore.validName("bad name")).isEqualTo("Usernames can't contain spaces or null characters");
    }

    /** Names and patterns are written into sentinel.conf's user lines: no white space, no control character. */
    @Test
    void namesAndPatternsWithLineBreaksOrControlCharactersAreRefused() {
        for (String bad : List.of("a\nb", "a\r\nuser evil on nopass +@all", "a\tb", "a\u000bb", "a\u0001b",
                "a\u007fb", "a\0b")) {
            assertThat(AclStore.validName(bad)).as(bad).isEqualTo("Usernames can't contain spaces or null characters");
            assertThat(set("bob", "~" + bad)).as(bad).endsWith("': Syntax error");
            assertThat(set("bob", "%R~" + bad)).as(bad).endsWith("': Syntax error");
            assertThat(set("bob", "&" + bad)).as(bad).endsWith("': Syntax error");
        }
        // quotes are harmless in the file (the rewrite quotes them) and Redis accepts them
        assertThat(set("bob", "~k\"ey", "&ch'an")).isNull();
    }

    @Test
    void passwordsAndDirectives() {
        AclStore s = new AclStore(catalog, "secret", List.of(List.of("sentinel-admin", "on", ">pw", "+@all")));
        assertThat(s.defaultNeedsAuth()).isTrue();
        assertThat(s.authenticate("default", "secret")).isNotNull();
        assertThat(s.authenticate("default", "wrong")).isNull();
        assertThat(s.authenticate("sentinel-admin", "pw")).isNotNull();
        s.setUser("sentinel-admin", List.of("off"));
        assertThat(s.authenticate("sentinel-admin", "pw")).isNull();
        assertThat(s.get("default").describe()).doesNotContain("secret");
        assertThatThrownBy(() -> new AclStore(catalog, null, List.of(List.of("x", "+nosuch"))))
                .hasMessage("Error loading ACL rule '+nosuch' for the user named 'x': Unknown command or category name in ACL");
    }

    @Test
    void userLinesReloadIntoTheSameUsers() {
        // What the config rewrite persists must load back into identical users (redis-sentinel writes the
        // same ACL LIST form: "user bob on #<sha256> resetchannels -@all +ping").
        assertThat(set("bob", "on", ">x", "+ping")).isNull();
        assertThat(set("carol", "off", "nopass", "~k*", "&ch", "+@all", "-sentinel|failover")).isNull();
        List<List<String>> lines = acl.userLines();
        assertThat(lines).extracting(l -> l.get(0)).containsExactly("bob", "carol", "default");
        assertThat(String.join(" ", lines.get(0))).isEqualTo("bob on "
                + "#2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 resetchannels -@all +ping");
        AclStore reloaded = new AclStore(catalog, null, lines);
        for (AclUser u : acl.users()) {
            assertThat(reloaded.get(u.name()).describe()).isEqualTo(u.describe());
        }
    }
}
