/** A helper for the link integration tests: a raw MONITOR reader (the redis-server is a {@code RedisNode}). */
package io.jsentinel.it.support.links;
