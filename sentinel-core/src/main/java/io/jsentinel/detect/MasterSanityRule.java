package io.jsentinel.detect;

import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;

/**
 * Whether a master looks healthy enough to correct its replicas by (protocol doc §3.3): configured as master,
 * reporting the master role, neither SDOWN nor ODOWN, and with INFO younger than two info periods. Only then
 * do convert-to-slave and fix-slave-config point instances at it.
 */
public final class MasterSanityRule {
    private MasterSanityRule() {
    }

    public static boolean looksSane(Instance master, long now, Timers timers) {
        return master.isMaster() && master.roleReported == Instance.MASTER_ROLE
                && !master.is(Flags.S_DOWN) && !master.is(Flags.O_DOWN)
                && now - master.infoRefresh < timers.infoPeriod * 2;
    }
}
