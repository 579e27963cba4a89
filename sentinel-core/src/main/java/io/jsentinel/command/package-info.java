/** The sentinel command table, command handlers and Redis' exact error texts. */
package io.jsentinel.command;
