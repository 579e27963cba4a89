/**
 * Leader election (protocol doc §5.4, §5.5): granting votes ({@code VoteRule}) and counting them
 * ({@code LeaderTally}) are pure rules; {@code Election} applies them and persists every epoch and vote before
 * it is announced or answered.
 *
 * <p>Depends on nothing but the state, events and the config flusher: no links.
 */
package io.jsentinel.election;
