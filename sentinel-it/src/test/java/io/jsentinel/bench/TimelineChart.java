package io.jsentinel.bench;

import io.jsentinel.it.support.SentinelKind;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the failover rounds as horizontal bars (one panel per down-after, one bar per round and kind): from the
 * kill, a segment up to each milestone in the order they happened, coloured by the milestone it ends at.
 */
final class TimelineChart {
    private static final int WIDTH = 1100;
    private static final int ROW = 14;
    private static final int LEFT = 150;
    private static final int RIGHT = 30;
    private static final String[] NAMES = {"+odown", "+switch-master", "all sentinels report", "first write"};
    private static final Color[] COLORS = {new Color(0xE0A040), new Color(0xD04040), new Color(0x4070D0),
            new Color(0x40A060)};

    private TimelineChart() {
    }

    static void write(List<FailoverBench.Round> rounds, List<Long> downAfters, Path file) {
        System.setProperty("java.awt.headless", "true");
        List<List<FailoverBench.Round>> panels = new ArrayList<>();
        for (long da : downAfters) {
            List<FailoverBench.Round> p = new ArrayList<>(rounds.stream().filter(r -> r.downAfter() == da).toList());
            p.sort(Comparator.comparing((FailoverBench.Round r) -> r.kind()).thenComparingInt(FailoverBench.Round::index));
            panels.add(p);
        }
        int height = 60;
        for (List<FailoverBench.Round> p : panels) {
            height += 50 + p.size() * ROW;
        }
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString("Failover timeline after SIGKILL of the master: redis-sentinel (REAL) vs jsentinel", 10, 20);
        legend(g, 10, 40);
        int y = 60;
        for (int i = 0; i < panels.size(); i++) {
            y = panel(g, panels.get(i), downAfters.get(i), y);
        }
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < NAMES.length; i++) {
            g.setColor(COLORS[i]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString("until " + NAMES[i], x + 16, y);
            x += 30 + g.getFontMetrics().stringWidth("until " + NAMES[i]);
        }
    }

    private static int panel(Graphics2D g, List<FailoverBench.Round> rounds, long downAfter, int y) {
        double maxMs = 1;
        for (FailoverBench.Round r : rounds) {
            for (double v : times(r)) {
                if (!Double.isNaN(v)) {
                    maxMs = Math.max(maxMs, v);
                }
            }
        }
        double scale = (WIDTH - LEFT - RIGHT) / (maxMs * 1.05);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(Color.BLACK);
        g.drawString("down-after-milliseconds " + downAfter, 10, y + 15);
        int top = y + 25;
        int bottom = top + rounds.size() * ROW;
        // about ten grid lines, with the down-after marked
        int step = 250;
        for (int candidate : new int[] {250, 500, 1000, 2000, 5000, 10000, 20000}) {
            step = candidate;
            if (maxMs / candidate <= 12) {
                break;
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int ms = 0; ms <= maxMs * 1.05; ms += step) {
            int x = LEFT + (int) (ms * scale);
            g.setColor(new Color(0xE8E8E8));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.GRAY);
            g.drawString(ms + " ms", x - 10, bottom + 12);
        }
        int dx = LEFT + (int) (downAfter * scale);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        g.drawLine(dx, top - 4, dx, bottom);
        g.setStroke(new BasicStroke(1));
        int row = top;
        for (FailoverBench.Round r : rounds) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
            g.drawString((r.kind() == SentinelKind.REAL ? "REAL      #" : "JSENTINEL #") + r.index(), 10, row + 11);
            double[] t = times(r);
            Integer[] order = {0, 1, 2, 3};
            java.util.Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(t[i]) ? Double.MAX_VALUE : t[i]));
            double from = 0;
            for (int i : order) {
                if (Double.isNaN(t[i])) {
                    continue;
                }
                g.setColor(COLORS[i]);
                int x0 = LEFT + (int) (from * scale);
                int x1 = LEFT + (int) (t[i] * scale);
                g.fillRect(x0, row + 2, Math.max(1, x1 - x0), ROW - 4);
                from = t[i];
            }
            if (!r.note().isEmpty()) {
                g.setColor(Color.RED);
                g.drawString("failed: " + r.note(), LEFT + 5, row + 11);
            }
            row += ROW;
        }
        return bottom + 25;
    }

    private static double[] times(FailoverBench.Round r) {
        return new double[] {r.odown(), r.switchMaster(), r.allReport(), r.firstWrite()};
    }
}
