/** Outgoing links to Redis nodes and peer sentinels: interfaces, INFO and hello parsing. */
package io.jsentinel.link;
