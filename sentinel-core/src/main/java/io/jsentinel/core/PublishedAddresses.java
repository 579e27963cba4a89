package io.jsentinel.core;

import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GET-MASTER-ADDR-BY-NAME replies the loop publishes for readers on the I/O threads, which answer that
 * command without a hop to the loop. The loop publishes a new address before any event announcing it leaves.
 */
final class PublishedAddresses {
    private final ConcurrentHashMap<String, RespValue> replies = new ConcurrentHashMap<>();

    /** Publishes {@code addr} (as announced) for {@code name}; null drops the name. */
    void put(String name, Endpoint addr) {
        if (addr == null) {
            replies.remove(name);
            return;
        }
        RespValue reply = RespValue.array(RespValue.bulk(addr.host()), RespValue.bulk(Integer.toString(addr.port())));
        if (!reply.equals(replies.get(name))) {
            replies.put(name, reply);
        }
    }

    /** The reply for {@code name}; any thread. A null array for an unknown name, as Redis. */
    RespValue reply(String name) {
        RespValue r = replies.get(name);
        return r != null ? r : RespValue.NULL_ARRAY;
    }
}
