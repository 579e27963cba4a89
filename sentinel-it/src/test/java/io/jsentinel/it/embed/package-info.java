/** The embedding API against real redis-server processes: typed events, snapshots, failover, metrics. */
package io.jsentinel.it.embed;
