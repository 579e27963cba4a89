package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.Errors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AUTH-then-command check that the launcher's HTTP API asks for, against the port's own ACL store. */
class AccessCheckTest {
    private final AclStore acl = new AclStore("adminpw", List.of(
            List.of("ops", "on", ">opspw", "+@all"),
            List.of("viewer", "on", ">viewpw", "-@all", "+sentinel|masters", "+sentinel|master"),
            List.of("gone", "off", ">gonepw", "+@all")));
    private final CommandCatalog catalog = CommandCatalog.sentinel();

    private String check(String user, String password, String... command) {
        return AccessCheck.check(acl, catalog, user, password, List.of(command));
    }

    @Test
    void passwordsAreCheckedFirst() {
        assertThat(check("default", "adminpw", "SENTINEL", "FAILOVER", "m")).isNull();
        assertThat(check("default", "nope", "SENTINEL", "MASTERS")).isEqualTo(Errors.WRONGPASS);
        assertThat(check("nobody", "x", "SENTINEL", "MASTERS")).isEqualTo(Errors.WRONGPASS);
        assertThat(check("gone", "gonepw", "SENTINEL", "MASTERS")).isEqualTo(Errors.WRONGPASS);
        assertThat(check(null, null, "SENTINEL", "MASTERS")).isEqualTo(Errors.WRONGPASS);
    }

    @Test
    void thenTheUsersCommandRules() {
        assertThat(check("ops", "opspw", "SENTINEL", "FAILOVER", "m")).isNull();
        assertThat(check("viewer", "viewpw", "sentinel", "masters")).isNull();
        assertThat(check("viewer", "viewpw", "SENTINEL", "MASTER", "m")).isNull();
        assertThat(check("viewer", "viewpw", "SENTINEL", "FAILOVER", "m"))
                .isEqualTo("NOPERM this user has no permissions to run the 'sentinel|failover' command");
        assertThat(check("ops", "opspw", "NOSUCH")).startsWith("NOPERM");
    }

    @Test
    void aDefaultUserWithoutPasswordTakesAnyPasswordAsAuthDoes() {
        AclStore open = new AclStore(null, List.of());
        assertThat(AccessCheck.check(open, catalog, "default", "anything", List.of("SENTINEL", "MASTERS"))).isNull();
    }
}
