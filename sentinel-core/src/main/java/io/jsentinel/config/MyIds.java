package io.jsentinel.config;

import java.util.Random;

/** Sentinel run ids: 40 lower-case hex characters, as {@code sentinel myid} holds them. */
public final class MyIds {
    /** Length of an id. */
    public static final int LENGTH = 40;

    private MyIds() {
    }

    /** A new random id drawn from {@code random}. */
    public static String generate(Random random) {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(out);
    }
}
