/**
 * Mutable, loop-confined sentinel state: masters, replicas and peers ({@code Instance}), their links'
 * timestamps, flags, epochs, the SENTINEL DEBUG timers, the quorum/majority arithmetic ({@code QuorumCheck}),
 * how addresses are shown ({@code Announcer}), the addresses published to the I/O threads
 * ({@code PublishedAddresses}), and the owning-thread check ({@code LoopOwner}). Data and small derived views;
 * no behaviour beyond that.
 */
package io.jsentinel.state;
