package io.jsentinel;

/** A command refused by the sentinel; the message is Redis' error text, e.g. {@code INPROG Failover already in progress}. */
public class SentinelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param redisError the error reply without its leading {@code -} */
    public SentinelException(String redisError) {
        super(redisError);
    }

    /** The first word of the error, e.g. {@code INPROG}, {@code NOGOODSLAVE} or {@code ERR}. */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
