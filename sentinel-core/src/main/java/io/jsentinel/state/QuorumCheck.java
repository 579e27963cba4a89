package io.jsentinel.state;

/**
 * Whether the sentinels a master's group can count on reach its quorum (to agree it is down) and the
 * majority of all known sentinels (to authorise a failover): Redis' CKQUORUM rule, the leader threshold of
 * an election, and the health of a master in metrics and snapshots, in one place.
 *
 * @param usable the sentinels not SDOWN or ODOWN, this one included
 * @param voters every known sentinel of the master, this one included
 * @param quorum the master's configured quorum
 */
public record QuorumCheck(int usable, int voters, int quorum) {

    /** More than half of {@code voters}: the votes a leader needs. */
    public static int majority(int voters) {
        return voters / 2 + 1;
    }

    /** The check for {@code master} as this sentinel sees its peers now. */
    public static QuorumCheck of(Instance master) {
        int usable = 1;
        for (Instance p : master.sentinels.values()) {
            if (!p.is(Flags.S_DOWN) && !p.is(Flags.O_DOWN)) {
                usable++;
            }
        }
        return new QuorumCheck(usable, master.sentinels.size() + 1, master.quorum);
    }

    public boolean quorumReachable() {
        return usable >= quorum;
    }

    public boolean majorityReachable() {
        return usable >= majority(voters);
    }

    public boolean ok() {
        return quorumReachable() && majorityReachable();
    }

    /** Redis' CKQUORUM text: {@code OK <n> usable Sentinels. ...} or {@code NOQUORUM <n> usable Sentinels. ...}. */
    public String text() {
        if (ok()) {
            return "OK " + usable + " usable Sentinels. Quorum and failover authorization can be reached";
        }
        StringBuilder e = new StringBuilder("NOQUORUM " + usable + " usable Sentinels. ");
        if (!quorumReachable()) {
            e.append("Not enough available Sentinels to reach the specified quorum for this master");
        }
        if (!majorityReachable()) {
            if (!quorumReachable()) {
                e.append(". ");
            }
            e.append("Not enough available Sentinels to reach the majority and authorize a failover");
        }
        return e.toString();
    }
}
