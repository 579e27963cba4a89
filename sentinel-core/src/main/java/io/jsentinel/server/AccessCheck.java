package io.jsentinel.server;

import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.Errors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The port's AUTH and ACL checks for callers that are not RESP clients (the launcher's HTTP API): a request there
 * carries a user and password and stands for one sentinel command, and must be answered as a connection that sent
 * {@code AUTH user password} and then that command would be.
 */
final class AccessCheck {
    private AccessCheck() {
    }

    /** Null when allowed; else the error a RESP client would get ({@code WRONGPASS ...} or {@code NOPERM ...}). */
    static String check(AclStore acl, CommandCatalog catalog, String user, String password, List<String> command) {
        AclUser u = user == null || password == null ? null : acl.authenticate(user, password);
        if (u == null) {
            return Errors.WRONGPASS;
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to check");
        }
        CommandSpec spec = catalog.top(command.get(0).toLowerCase(Locale.ROOT));
        if (spec != null && spec.isContainer() && command.size() >= 2) {
            spec = spec.subcommands().get(command.get(1).toLowerCase(Locale.ROOT));
        }
        if (spec == null) {
            // a renamed or unknown command: nobody may run it through the port either
            String name = String.join("|", command.subList(0, Math.min(2, command.size())));
            return Errors.noPerm(name.toLowerCase(Locale.ROOT));
        }
        List<byte[]> argv = command.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        return u.canRun(spec, argv) ? null : Errors.noPerm(spec.fullName());
    }
}
