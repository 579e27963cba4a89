/**
 * Lettuce-based implementation of the outgoing links: raw RESP2 commands dispatched on Lettuce
 * connections, replies turned into {@link io.jsentinel.resp.RespValue} trees and handed back on the
 * sentinel loop.
 */
package io.jsentinel.link.lettuce;
