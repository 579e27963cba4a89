package io.jsentinel.command;

import io.jsentinel.resp.RespValue;
import java.util.Map;
import java.util.Set;

/**
 * One command or subcommand as COMMAND INFO describes it.
 *
 * @param fullName lower-case, {@code container|sub} for subcommands
 * @param arity Redis arity: exact count when positive, minimum count when negative (argv[0] included)
 * @param flags command flags ({@code no_auth}, {@code fast}, ...)
 * @param categories ACL categories without the '@'
 * @param info the COMMAND INFO entry
 * @param subcommands lower-case subcommand name → spec; empty for plain commands
 */
public record CommandSpec(String fullName, int arity, Set<String> flags, Set<String> categories, RespValue info,
                          Map<String, CommandSpec> subcommands) {

    /**
     * Argument counts jsentinel takes beyond what COMMAND INFO reports (which stays redis-sentinel 7.0.15's):
     * {@code SENTINEL FAILOVER <name> COORDINATED [TO <ip> <port>] [TIMEOUT <ms>]} (docs/switchover.md).
     */
    private static final Map<String, Set<Integer>> EXTENDED_ARITY = Map.of("sentinel|failover", Set.of(4, 6, 7, 9));

    public boolean arityOk(int argc) {
        boolean redis = arity > 0 ? argc == arity : argc >= -arity;
        return redis || EXTENDED_ARITY.getOrDefault(fullName, Set.of()).contains(argc);
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }
}
