/** Small helpers for the link integration tests: a redis-server process and a raw MONITOR reader. */
package io.jsentinel.it.support.links;
