/**
 * The SENTINEL command and its subcommands with redis-sentinel 7.0's replies and errors (protocol doc §8.2-8.4):
 * queries ({@code SentinelCommands}, {@code Describe}) and the subcommands that change configuration
 * ({@code SentinelAdmin}: MONITOR, REMOVE, SET, CONFIG). Arity and error texts come from
 * {@code io.jsentinel.command}. Runs on the loop; calls the domain packages, none of which call it.
 */
package io.jsentinel.command.sentinel;
