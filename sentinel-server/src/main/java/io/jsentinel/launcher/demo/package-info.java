/** {@code redis-sentinel --demo}: a local master, two replicas and three embedded sentinels, then a failover. */
package io.jsentinel.launcher.demo;
