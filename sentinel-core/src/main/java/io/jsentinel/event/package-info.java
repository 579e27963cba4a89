/**
 * The emitter of the typed events ({@code io.jsentinel.events}) on the sentinel loop: stamps level, master and
 * time, logs their Redis text, and hands them to the sinks (pub/sub, listeners, scripts, metrics). Internal.
 */
package io.jsentinel.event;
