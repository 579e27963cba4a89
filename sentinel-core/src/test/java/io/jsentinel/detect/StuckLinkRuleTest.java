package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.link.Connection;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.Timers;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol doc §2.4. down-after 10000 (half: 5000); min reconnect period 15000 and publish period 2000 are
 * Redis' defaults; now 100000; both links present and 20 s old unless a column says otherwise.
 */
class StuckLinkRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                                   , ccAge , actPing , lastPong , pcAge , pcActivity , cmd   , pubsub
            healthy: PING answered and hellos heard                     , 20000 , 0       , 99000    , 20000 , 99500      , false , false
            PING pending 5001 ms and no reply of any kind for 5001   , 20000 , 94999   , 94999    , 20000 , 99500      , true  , false
            PING pending long but a late reply came recently         , 20000 , 90000   , 96000    , 20000 , 99500      , false , false
            PING pending exactly half down-after                     , 20000 , 95000   , 90000    , 20000 , 99500      , false , false
            young command link is never judged                       , 15000 , 80000   , 80000    , 20000 , 99500      , false , false
            pub/sub silent for three publish periods and one ms      , 20000 , 0       , 99000    , 20000 , 93999      , false , true
            pub/sub silent exactly three publish periods             , 20000 , 0       , 99000    , 20000 , 94000      , false , false
            young pub/sub link is never judged                       , 20000 , 0       , 99000    , 15000 , 10000      , false , false
            both stuck                                               , 20000 , 80000   , 80000    , 20000 , 80000      , true  , true
            """)
    void reopensOnlyLinksThatLookDead(String name, long ccAge, long actPing, long lastPong, long pcAge,
                                      long pcActivity, boolean cmd, boolean pubsub) {
        long now = 100_000;
        InstanceLink link = new InstanceLink(0);
        link.cc = new IdleConnection();
        link.ccConnTime = now - ccAge;
        link.actPingTime = actPing;
        link.lastPongTime = lastPong;
        link.pc = new IdleConnection();
        link.pcConnTime = now - pcAge;
        link.pcLastActivity = pcActivity;
        StuckLinkRule.Decision d = StuckLinkRule.decide(link, 10_000, now, new Timers());
        assertThat(d.reopenCommandLink()).isEqualTo(cmd);
        assertThat(d.reopenPubSubLink()).isEqualTo(pubsub);
    }

    /** A connection that is open and never answers: the rule only looks at the link's timestamps. */
    private static final class IdleConnection implements Connection {
        @Override
        public void send(List<byte[]> argv, Consumer<RespValue> onReply) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public String localAddress() {
            return "127.0.0.1";
        }

        @Override
        public void close() {
        }
    }
}
