package io.jsentinel;

import io.jsentinel.events.Address;
import java.util.List;

/**
 * One monitored master, as this sentinel sees it at snapshot time.
 *
 * @param name the configured name
 * @param address the address clients should use (what {@code SENTINEL GET-MASTER-ADDR-BY-NAME} returns)
 * @param status OK, SDOWN or ODOWN
 * @param quorum the configured quorum
 * @param configEpoch the epoch of the configuration this sentinel holds for the master
 * @param failoverState Redis' failover state name ({@code none}, {@code wait_start}, ...)
 * @param usableSentinels sentinels able to take part in a failover, this one included (the {@code n} of
 *     {@code SENTINEL CKQUORUM})
 * @param quorumReachable true when CKQUORUM would answer OK: enough usable sentinels for the quorum and for a
 *     majority
 * @param replicas known replicas
 * @param peers known peer sentinels
 * @param link this sentinel's connections to the master
 */
public record MasterInfo(String name, Address address, InstanceStatus status, int quorum, long configEpoch,
                         String failoverState, int usableSentinels, boolean quorumReachable,
                         List<ReplicaInfo> replicas, List<PeerInfo> peers, LinkInfo link) {
    /** Copies the lists. */
    public MasterInfo {
        replicas = List.copyOf(replicas);
        peers = List.copyOf(peers);
    }

    /** True while a failover of this master runs on this sentinel. */
    public boolean failoverInProgress() {
        return !"none".equals(failoverState);
    }

    /**
     * Redis' CKQUORUM text for this master: {@code OK <n> usable Sentinels. ...} or {@code NOQUORUM ...}.
     */
    public String quorumText() {
        return new io.jsentinel.state.QuorumCheck(usableSentinels, peers.size() + 1, quorum).text();
    }
}
