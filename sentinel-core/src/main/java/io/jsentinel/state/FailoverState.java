package io.jsentinel.state;

/**
 * The failover states of protocol doc §6.1, with the names {@code failover-state} shows.
 *
 * <p>Legal transitions: NONE → WAIT_START (failover starts); WAIT_START → SELECT_SLAVE (elected or
 * forced); SELECT_SLAVE → SEND_SLAVEOF_NOONE; SEND_SLAVEOF_NOONE → WAIT_PROMOTION;
 * WAIT_PROMOTION → RECONF_SLAVES (promotion seen in INFO); RECONF_SLAVES → UPDATE_CONFIG;
 * UPDATE_CONFIG → NONE (master switched); and WAIT_START..WAIT_PROMOTION → NONE (abort).
 */
public enum FailoverState {
    NONE("none"),
    WAIT_START("wait_start"),
    SELECT_SLAVE("select_slave"),
    SEND_SLAVEOF_NOONE("send_slaveof_noone"),
    WAIT_PROMOTION("wait_promotion"),
    RECONF_SLAVES("reconf_slaves"),
    UPDATE_CONFIG("update_config");

    private final String wireName;

    FailoverState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
