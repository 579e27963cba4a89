package io.jsentinel.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Median, minimum and maximum of a sample, NaN entries (failed measurements) left out and counted.
 *
 * @param median the median (mean of the two middle values for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param n      the number of valid values
 * @param failed the number of NaN values
 */
record Stats(double median, double min, double max, int n, int failed) {
    static Stats of(List<Double> values) {
        double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).sorted().toArray();
        int failed = values.size() - v.length;
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0, failed);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length, failed);
    }

    static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** {@code median (min–max)} with the given number of decimals. */
    String format(int decimals) {
        if (n == 0) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        String s = String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
        return failed > 0 ? s + " [" + failed + " failed]" : s;
    }

    static String ratio(double ours, double theirs) {
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", ours / theirs);
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
