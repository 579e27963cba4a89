package io.jsentinel.state;

import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GET-MASTER-ADDR-BY-NAME replies the loop publishes for readers on the I/O threads, which answer that
 * command without a hop to the loop. The loop publishes a new address before any event announcing it leaves.
 */
public final class PublishedAddresses {
    private final ConcurrentHashMap<String, RespValue> replies = new ConcurrentHashMap<>();
    private final SentinelState state;
    private final Announcer announcer;

    public PublishedAddresses(SentinelState state, Announcer announcer) {
        this.state = state;
        this.announcer = announcer;
    }

    /**
     * Publishes the address GET-MASTER-ADDR-BY-NAME reports for {@code master} (or drops it once the master
     * is no longer monitored). Called wherever that address can change; the tick re-publishes every master
     * as a safety net.
     */
    public void publish(Instance master) {
        Instance current = state.masters.get(master.name);
        put(master.name, current == null ? null : announcer.endpoint(current.addressForClients()));
    }

    /** Publishes {@code addr} for {@code name} ahead of the state change that will make it current. */
    public void publishAhead(String name, Endpoint addr) {
        put(name, announcer.endpoint(addr));
    }

    /** Publishes {@code addr} (as announced) for {@code name}; null drops the name. */
    private void put(String name, Endpoint addr) {
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
    public RespValue reply(String name) {
        RespValue r = replies.get(name);
        return r != null ? r : RespValue.NULL_ARRAY;
    }
}
