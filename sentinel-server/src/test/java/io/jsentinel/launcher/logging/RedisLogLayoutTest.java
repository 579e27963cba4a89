package io.jsentinel.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisLogLayoutTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private final LoggerContext context = new LoggerContext();
    private final RedisLogLayout layout = new RedisLogLayout(12345, 'X', UTC);

    private LoggingEvent event(Level level, String message, LocalDateTime at) {
        LoggingEvent e = new LoggingEvent("x", context.getLogger("io.jsentinel"), level, message, null, null);
        e.setTimeStamp(at.toInstant(ZoneOffset.UTC).toEpochMilli());
        return e;
    }

    @Test
    void formatsLikeServerLog() {
        String line = layout.doLayout(event(Level.WARN, "+sdown master mymaster 127.0.0.1 6379",
                LocalDateTime.of(2026, 11, 25, 14, 52, 18, 123_000_000)));
        assertThat(line).isEqualTo("12345:X 25 Nov 2026 14:52:18.123 # +sdown master mymaster 127.0.0.1 6379"
                + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource({"ERROR,#", "WARN,#", "INFO,*", "DEBUG,-", "TRACE,."})
    void marksFollowTheProjectLevelMapping(String level, char mark) {
        String line = layout.doLayout(event(Level.toLevel(level), "m", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000)));
        assertThat(line).isEqualTo("12345:X 02 Jan 2026 03:04:05.006 " + mark + " m" + System.lineSeparator());
    }

    @Test
    void monthsAreEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.FRANCE);
        try {
            RedisLogLayout french = new RedisLogLayout(1, 'X', UTC);
            String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
            for (int m = 1; m <= 12; m++) {
                String line = french.doLayout(event(Level.INFO, "x", LocalDateTime.of(2026, m, 9, 0, 0)));
                assertThat(line).startsWith("1:X 09 " + months[m - 1] + " 2026 00:00:00.000 * x");
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void usesTheGivenZone() {
        RedisLogLayout paris = new RedisLogLayout(7, 'X', ZoneId.of("Europe/Paris"));
        assertThat(paris.doLayout(event(Level.INFO, "x", LocalDateTime.of(2026, 7, 1, 10, 0))))
                .startsWith("7:X 01 Jul 2026 12:00:00.000 * x");
    }

    @Test
    void defaultLayoutUsesThisProcessPid() {
        String line = new RedisLogLayout().doLayout(event(Level.INFO, "hi", LocalDateTime.of(2026, 7, 1, 10, 0)));
        assertThat(line).matches(ProcessHandle.current().pid() + ":X \\d\\d [A-Z][a-z]{2} \\d{4} "
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\* hi\\R");
    }

    @Test
    void signalHandlerLinesHaveUnixSecondsAndNoMark() {
        LoggingEvent e = event(Level.WARN, "Received SIGTERM scheduling shutdown...", LocalDateTime.of(2026, 11, 25, 14, 59, 3));
        e.addMarker(RedisLogLayout.SIGNAL_HANDLER);
        long seconds = LocalDateTime.of(2026, 11, 25, 14, 59, 3).toEpochSecond(ZoneOffset.UTC);
        assertThat(layout.doLayout(e)).isEqualTo("12345:signal-handler (" + seconds
                + ") Received SIGTERM scheduling shutdown..." + System.lineSeparator());
    }

    @Test
    void throwableGoesBelowTheLine() {
        LoggingEvent e = new LoggingEvent("x", context.getLogger("io.jsentinel"), Level.WARN, "boom",
                new IllegalStateException("why"), null);
        String out = layout.doLayout(e);
        assertThat(out.lines().findFirst().orElseThrow()).endsWith(" # boom");
        assertThat(out).contains("java.lang.IllegalStateException: why");
    }
}
