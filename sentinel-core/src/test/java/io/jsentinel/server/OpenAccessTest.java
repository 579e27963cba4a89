package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAccessTest {
    @Test
    void openWhenListeningBeyondLoopbackWithoutAPasswordForTheDefaultUser() {
        assertThat(OpenAccess.warning(List.of(), false)).startsWith("this sentinel listens on * ::* and its default "
                + "user needs no password");
        assertThat(OpenAccess.warning(List.of("0.0.0.0"), false)).contains("listens on 0.0.0.0 ");
        assertThat(OpenAccess.warning(List.of("127.0.0.1", "192.0.2.1"), false)).contains("listens on 192.0.2.1 ");
        assertThat(OpenAccess.warning(List.of("127.0.0.1", "-::1", "localhost"), false)).isNull();
        assertThat(OpenAccess.warning(List.of("127.0.0.2"), false)).isNull();
        assertThat(OpenAccess.warning(List.of(), true)).isNull();
    }

    @Test
    void theServerAsksTheAclAsItIsNow() {
        AclStore acl = new AclStore(null, List.of());
        assertThat(OpenAccess.warning(List.of(), acl.defaultNeedsAuth())).isNotNull();
        acl.setUser("default", List.of("off"));
        assertThat(OpenAccess.warning(List.of(), acl.defaultNeedsAuth())).isNull();
    }
}
