package io.jsentinel.launcher.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration (found through {@code META-INF/services}): Redis format, notice level, to
 * stdout. It covers the lines logged before the config file is read ("Reading config from stdin", "Fatal
 * error, can't open config file ..."); {@link LogSetup#apply} replaces it once {@code loglevel} and
 * {@code logfile} are known.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.apply(context, "notice", "", System.out);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
