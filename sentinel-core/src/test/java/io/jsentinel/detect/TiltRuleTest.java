package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol doc §11.1, line by line; the trigger is Redis' default 2000 ms, the period 30000 ms. */
class TiltRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                      , first , delta , enter , reason
            first tick after a slow start-up            , true  , 90000 , false , FIRST_TICK
            first tick even with the clock gone back    , true  , -5000 , false , FIRST_TICK
            normal 100 ms tick                          , false , 100   , false , CLOCK_STEADY
            gap of exactly the trigger is still normal  , false , 2000  , false , CLOCK_STEADY
            gap one ms over the trigger                 , false , 2001  , true  , TICK_GAP_TOO_LONG
            process paused for a minute                 , false , 60000 , true  , TICK_GAP_TOO_LONG
            clock went back one ms                      , false , -1    , true  , CLOCK_WENT_BACKWARDS
            same wall time twice is no jump             , false , 0     , false , CLOCK_STEADY
            """)
    void entersTiltOnlyOnAClockJump(String name, boolean first, long delta, boolean enter, TiltRule.Reason reason) {
        TiltRule.Decision d = TiltRule.onTick(first, delta, 2000);
        assertThat(d.enter()).isEqualTo(enter);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                          , now   , start , exit
            just entered                    , 1000  , 1000  , false
            one ms before the period ends   , 30999 , 1000  , false
            the period has passed exactly   , 31000 , 1000  , true
            long after                      , 90000 , 1000  , true
            """)
    void exitsAfterAWholePeriodSinceTheLastTrigger(String name, long now, long start, boolean exit) {
        assertThat(TiltRule.exitDue(now, start, 30000)).isEqualTo(exit);
    }
}
