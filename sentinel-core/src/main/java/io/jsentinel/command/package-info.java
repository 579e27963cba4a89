/**
 * What the commands of a redis-sentinel 7.0 are, independent of who serves them: the command catalog (names,
 * arity, flags, ACL categories, COMMAND DOCS), the HELP texts, Redis' exact error texts ({@link
 * io.jsentinel.command.Errors}) and the case-insensitive name lookup. The client-facing server
 * ({@code io.jsentinel.server}) and the SENTINEL subcommands both read them; this package depends on neither.
 */
package io.jsentinel.command;
