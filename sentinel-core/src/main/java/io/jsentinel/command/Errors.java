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

    // SENTINEL subcommands (protocol doc §8)
    public static final String SAVE_FAILED = "ERR Failed to save config file. Check server logs.";
    public static final String NO_SUCH_MASTER = "ERR No such master with that name";
    public static final String INVALID_QUORUM = "ERR Invalid quorum";
    public static final String INVALID_PORT = "ERR Invalid port";
    public static final String QUORUM_TOO_SMALL = "ERR Quorum must be 1 or greater.";
    public static final String INVALID_ADDRESS = "ERR Invalid IP address or hostname specified";
    public static final String INVALID_PORT_NUMBER = "ERR Invalid port number.";
    public static final String DUPLICATE_MASTER = "ERR Duplicate master name.";
    public static final String CONFIG_GET_SET_ONLY = "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.";
    public static final String FAILOVER_IN_PROGRESS = "INPROG Failover already in progress";
    public static final String NO_GOOD_REPLICA = "NOGOODSLAVE No suitable replica to promote";
    /** Valkey 9's reply to SENTINEL FAILOVER ... COORDINATED for a primary that never showed master_failover_state. */
    public static final String PRIMARY_CANNOT_FAILOVER = "NOGOODPRIMARY Primary does not support FAILOVER command";
    public static final String UNKNOWN_FAILOVER_OPTION = "ERR Unknown failover option specified";
    public static final String NO_SUCH_REPLICA = "ERR No such replica with that address";
    /** jsentinel's state-file mode: MONITOR, REMOVE, SET and CONFIG SET would change a file it never writes. */
    public static final String CONFIG_READ_ONLY =
            "ERR sentinel.conf is read-only in state-file mode: change it there and restart";
    public static final String UNKNOWN_SIMULATION = "ERR Unknown failure simulation specified";
    // CLIENT and ACL
    public static final String NEGATIVE_TIMEOUT = "ERR timeout is negative";
    public static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
    public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
    public static final String GENPASS_BITS = "ERR ACL GENPASS argument must be the number of bits for the output "
            + "password, a positive number up to 4096";

    /** Why a rule was refused; texts follow "Error in ACL SETUSER modifier '&lt;rule&gt;': ". */
    public static final String ACL_SYNTAX = "Syntax error";
    public static final String ACL_UNKNOWN = "Unknown command or category name in ACL";
    public static final String ACL_NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";
    public static final String ACL_BAD_HASH = "The password hash must be exactly 64 characters and contain only lowercase "
            + "hexadecimal characters";
    public static final String ACL_SUBCOMMAND_FIRST_ARG = "Allowing first-arg of a subcommand is not supported";
    public static final String ACL_KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not "
            + "valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    public static final String ACL_CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is "
            + "not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";

    private Errors() {
    }

    /** SENTINEL SET/MONITOR/CONFIG SET with a control character (Valkey's text; docs/security.md). */
    public static String controlCharacters(String command) {
        return "ERR Invalid argument: control characters are not allowed in " + command + " arguments";
    }

    public static String sentinelSetUnknownOption(String option) {
        return "ERR Unknown option or number of arguments for SENTINEL SET '" + option + "'";
    }

    public static String sentinelSetBadArgument(String value, String option) {
        return "ERR Invalid argument '" + value + "' for SENTINEL SET '" + option + "'";
    }

    public static String configSetUnknownOption(String option) {
        return "ERR Invalid argument '" + option + "' to SENTINEL CONFIG SET";
    }

    public static String configSetBadValue(String value, String option) {
        return "ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + option + "'";
    }

    public static String debugUnknownOption(String option) {
        return "ERR Unknown option or number of arguments for SENTINEL DEBUG '" + option + "'";
    }

    public static String debugBadArgument(String value, String option) {
        return "ERR Invalid argument '" + value + "' for SENTINEL DEBUG '" + option + "'";
    }

    public static String noSuchUser(String name) {
        return "ERR No such user '" + name + "'";
    }

    public static String userNotFound(String name) {
        return "ERR User '" + name + "' not found";
    }

    public static String commandNotFound(String name) {
        return "ERR Command '" + name + "' not found";
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
