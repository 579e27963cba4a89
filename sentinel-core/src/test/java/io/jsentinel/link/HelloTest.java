package io.jsentinel.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelloTest {

    private static final String RUN_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    @Test
    void formatsInProtocolOrderWithoutSpaces() {
        assertThat(Hello.format("10.0.0.1", 26379, RUN_ID, 7, "mymaster", "10.0.0.2", 6379, 5))
                .isEqualTo("10.0.0.1,26379," + RUN_ID + ",7,mymaster,10.0.0.2,6379,5");
    }

    @Test
    void roundTrips() {
        Hello h = new Hello("::1", 26380, RUN_ID, 12, "cache-a", "fe80::1", 7000, 11);
        assertThat(Hello.parse(h.format())).isEqualTo(h);
    }

    @Test
    void epochsAreUnsigned64Bit() {
        Hello h = Hello.parse("1.2.3.4,1,r,18446744073709551615,m,5.6.7.8,2,0");
        assertThat(h).isNotNull();
        assertThat(Long.toUnsignedString(h.currentEpoch())).isEqualTo("18446744073709551615");
        assertThat(h.format()).isEqualTo("1.2.3.4,1,r,18446744073709551615,m,5.6.7.8,2,0");
    }

    @Test
    void parsesFields() {
        Hello h = Hello.parse("127.0.0.1,26379," + RUN_ID + ",3,mymaster,127.0.0.1,6380,2");
        assertThat(h).isEqualTo(new Hello("127.0.0.1", 26379, RUN_ID, 3, "mymaster", "127.0.0.1", 6380, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "127.0.0.1,26379,r,3,mymaster,127.0.0.1,6380",
        "127.0.0.1,26379,r,3,my,master,127.0.0.1,6380,2",
        "127.0.0.1,26379,r,3,mymaster,127.0.0.1,6380,2,",
        "127.0.0.1,x,r,3,mymaster,127.0.0.1,6380,2",
        "127.0.0.1,26379,r,-3,mymaster,127.0.0.1,6380,2",
        "127.0.0.1,26379,r,3,mymaster,127.0.0.1,70000,2",
        "127.0.0.1,26379,r,3,mymaster,127.0.0.1,6380,",
        "127.0.0.1, 26379,r,3,mymaster,127.0.0.1,6380,2",
        "127.0.0.1,26379,r,18446744073709551616,mymaster,127.0.0.1,6380,2",
    })
    void rejectsMalformed(String payload) {
        assertThat(Hello.parse(payload)).isNull();
    }

    @Test
    void rejectsNull() {
        assertThat(Hello.parse(null)).isNull();
    }
}
