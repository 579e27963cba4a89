package io.jsentinel.command;

import io.jsentinel.resp.RespValue;

/** Every error text the client-facing server sends, as redis-sentinel 7.0.15 words it. */
public final class Errors {
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_NO_PASSWORD = "ERR AUTH <password> called without any password configured for "
            + "the default user. Are you sure your configuration is correct?";
    public static final String NOPERM_CHANNEL = "NOPERM this user has no permissions to access one of the channels "
            + "used as arguments";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String PROTO_NOT_INTEGER = "ERR Protocol version is not an integer or out of range";
    public static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
            + "select the RESP protocol version at the same time";
    public static final String BAD_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String CLIENT_ID_POSITIVE = "ERR client-id should be greater than 0";
    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    public static final String CACHING_NOT_TRACKING = "ERR CLIENT CACHING can be called only when the client is in "
            + "tracking mode with OPTIN or OPTOUT mode enabled";
    public static final String ONLY_HELLO = "ERR Only HELLO messages are accepted by Sentinel instances.";
    public static final String DEFAULT_USER_UNDELETABLE = "ERR The 'default' user cannot be removed";
    public static final String NO_ACL_FILE = "ERR This Redis instance is not configured to use an ACL file. You may "
            + "want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have "
            + "a Redis configuration file set) in order to store users in the Redis configuration.";
    public static final String NO_SHUTDOWN = "ERR No shutdown in progress.";
    public static final String GETKEYS_INVALID_COMMAND = "ERR Invalid command specified";
    public static final String GETKEYS_INVALID_ARGS = "ERR Invalid number of arguments specified for command";
    public static final String GETKEYS_NO_KEYS = "ERR The command has no key arguments";

    private Errors() {
    }

    public static RespValue err(String text) {
        return RespValue.error(text);
    }

    /** {@code unknown command '<cmd>', with args beginning with: '<a1>' ... } (processCommand). */
    public static String unknownCommand(String cmd, java.util.List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() >= 128) {
                break;
            }
            int room = 128 - sb.length();
            sb.append('\'').append(a.length() > room ? a.substring(0, room) : a).append("' ");
        }
        return "ERR unknown command '" + truncate(cmd, 128) + "', with args beginning with: " + sb;
    }

    public static String unknownSubcommand(String container, String sub) {
        return "ERR unknown subcommand '" + truncate(sub, 128) + "'. Try "
                + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    public static String noPerm(String fullName) {
        return "NOPERM this user has no permissions to run the '" + fullName + "' command";
    }

    public static String pubsubContext(String fullName) {
        return "ERR Can't execute '" + fullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context";
    }

    public static String helloSyntax(String opt) {
        return "ERR Syntax error in HELLO option '" + opt + "'";
    }

    public static String unknownClientType(String type) {
        return "ERR Unknown client type '" + type + "'";
    }

    public static String aclSetuser(String detail) {
        return "ERR Error in ACL SETUSER modifier " + detail;
    }

    public static String unknownCategory(String cat) {
        return "ERR Unknown category '" + cat + "'";
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
