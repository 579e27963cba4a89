package io.jsentinel.election;

/**
 * A vote as a sentinel stores it for a master: the run id voted for (null when none) and the epoch of the vote.
 */
public record Vote(String leader, long epoch) {
}
