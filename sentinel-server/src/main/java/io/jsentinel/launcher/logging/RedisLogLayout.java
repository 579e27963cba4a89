package io.jsentinel.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Marker;

/**
 * Formats events exactly like Redis' {@code serverLog}: {@code 12345:X 25 Nov 2026 14:52:18.123 # text}.
 * Redis uses the local time zone and English month abbreviations whatever the locale, so scripts that
 * grep sentinel logs keep working. Events carrying {@link #SIGNAL_HANDLER} are written in the format Redis
 * uses from inside its signal handler: {@code 12345:signal-handler (1795618743) text}.
 */
public final class RedisLogLayout extends LayoutBase<ILoggingEvent> {
    /** Marker for the "Received SIGTERM scheduling shutdown..." line, which Redis logs without a date. */
    public static final Marker SIGNAL_HANDLER = org.slf4j.MarkerFactory.getMarker("REDIS_SIGNAL_HANDLER");

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    private final long pid;
    private final char role;
    private final ZoneId zone;

    /** The current process, role {@code X} (sentinel), local time zone. */
    public RedisLogLayout() {
        this(ProcessHandle.current().pid(), 'X', ZoneId.systemDefault());
    }

    /** For tests: fixed pid and zone. */
    public RedisLogLayout(long pid, char role, ZoneId zone) {
        this.pid = pid;
        this.role = role;
        this.zone = zone;
    }

    /** Redis' mark for an SLF4J level: {@code # * - .}. */
    public static char mark(Level level) {
        if (level.isGreaterOrEqual(Level.WARN)) {
            return '#';
        }
        if (level.isGreaterOrEqual(Level.INFO)) {
            return '*';
        }
        if (level.isGreaterOrEqual(Level.DEBUG)) {
            return '-';
        }
        return '.';
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(pid).append(':');
        if (hasSignalMarker(event)) {
            sb.append("signal-handler (").append(event.getTimeStamp() / 1000).append(") ");
        } else {
            sb.append(role).append(' ');
            sb.append(DATE.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)));
            sb.append(' ').append(mark(event.getLevel())).append(' ');
        }
        sb.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            // Redis has no stack traces; ours go below the line so the line itself stays greppable.
            sb.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return sb.toString();
    }

    private static boolean hasSignalMarker(ILoggingEvent event) {
        if (event.getMarkerList() == null) {
            return false;
        }
        for (Marker m : event.getMarkerList()) {
            if (m.contains(SIGNAL_HANDLER)) {
                return true;
            }
        }
        return false;
    }
}
