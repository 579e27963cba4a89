/**
 * Logging in Redis' own line format ({@code <pid>:X <dd Mon yyyy HH:MM:SS.mmm> <mark> <message>}) on
 * Logback, configured programmatically from the {@code loglevel} and {@code logfile} directives.
 *
 * <p>Level mapping used by the whole project: Redis warning = WARN/ERROR (mark {@code #}), notice = INFO
 * ({@code *}), verbose = DEBUG ({@code -}), debug = TRACE ({@code .}).
 */
package io.jsentinel.launcher.logging;
