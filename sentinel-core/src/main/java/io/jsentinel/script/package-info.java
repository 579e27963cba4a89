/**
 * Notification and client-reconfig scripts (protocol doc §10): a bounded queue, at most 16 running, retries
 * with exponential delay, a runtime limit, arguments passed as an array (never a shell), run from the
 * configured {@code dir}. Driven by the tick. Depends on the state, the clock and events only.
 */
package io.jsentinel.script;
