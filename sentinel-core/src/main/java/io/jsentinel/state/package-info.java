/** Mutable, loop-confined sentinel state: masters, replicas, peers, links, epochs. */
package io.jsentinel.state;
