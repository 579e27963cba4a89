package io.jsentinel.event;

/** Redis log levels, with the mark Redis prints for each in its log lines. */
public enum EventLevel {
    DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#');

    private final char mark;

    EventLevel(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }
}
