/**
 * One sentinel put together: {@code SentinelCore} loads the configuration into the state, wires the
 * collaborators of the other packages (each gets only the narrow pieces it uses, none gets the core), runs the
 * periodic tick in Redis' order (protocol doc §1.1), and offers the entry points the runtime, tests and the
 * simulation drive (tick, hellos, SENTINEL commands). {@code ConfigSnapshot} is what the config rewrite
 * persists of the state.
 *
 * <p>Owns the order of work within a tick; owns no rule. May not touch Netty, Lettuce, the client-facing server
 * or the runtime ({@code ArchitectureTest}); nothing else in the sentinel may depend on this package.
 */
package io.jsentinel.core;
