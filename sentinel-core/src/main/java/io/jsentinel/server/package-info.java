/** The client-facing Netty server: sessions, RESP, dispatch, pub/sub. */
package io.jsentinel.server;
