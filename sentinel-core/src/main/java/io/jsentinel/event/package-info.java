/** The fan-out of events from the sentinel loop (pub/sub, listeners, scripts, metrics). Internal. */
package io.jsentinel.event;
