package dev.flare.bench.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/** Small line charts drawn with java.awt (headless) into PNG files. */
public final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)
    };

    private Charts() {}

    /** A named series of (x, y) points. */
    public record Series(String name, List<double[]> points) {}

    /** Changes accepted and callbacks received per second over time, from cumulative samples. */
    public static void throughput(Path file, String title, List<Sampler.Point> timeline) throws IOException {
        List<double[]> accepted = new ArrayList<>();
        List<double[]> callbacks = new ArrayList<>();
        Sampler.Point previous = null;
        for (Sampler.Point point : timeline) {
            if (previous != null) {
                double dt = point.seconds() - previous.seconds();
                accepted.add(new double[] {point.seconds(), (point.accepted() - previous.accepted()) / dt});
                callbacks.add(new double[] {point.seconds(), (point.callbacks() - previous.callbacks()) / dt});
            }
            previous = point;
        }
        draw(
                file,
                title,
                "seconds",
                "per second",
                false,
                List.of(new Series("PUTs accepted/s", accepted), new Series("callbacks/s", callbacks)));
    }

    /** Records each consumer group is behind over time, one series per group; nothing when none was sampled. */
    public static void backlog(Path file, String title, List<Sampler.Point> timeline) throws IOException {
        Map<String, List<double[]>> groups = new TreeMap<>();
        for (Sampler.Point point : timeline) {
            if (point.backlog() != null) {
                point.backlog()
                        .forEach((group, behind) -> groups.computeIfAbsent(group, g -> new ArrayList<>())
                                .add(new double[] {point.seconds(), behind}));
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        List<Series> series = new ArrayList<>();
        groups.forEach((group, points) -> series.add(new Series(group, points)));
        draw(file, title, "seconds", "records behind", false, series);
    }

    /** Latency by percentile (x = number of nines, so 99.9 % sits at 3). */
    public static void percentiles(Path file, String title, Map<String, Map<String, Double>> curves)
            throws IOException {
        List<Series> series = new ArrayList<>();
        curves.forEach((name, curve) -> {
            List<double[]> points = new ArrayList<>();
            curve.forEach((percentile, millis) -> {
                double p = Double.parseDouble(percentile);
                double nines = p >= 100 ? 5 : -Math.log10(1 - p / 100);
                points.add(new double[] {nines, millis});
            });
            series.add(new Series(name, points));
        });
        draw(file, title, "percentile (50 / 90 / 99 / 99.9 / 99.99 / max at 1..5 nines)", "ms", true, series);
    }

    static void draw(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = 0;
            double minY = Double.POSITIVE_INFINITY;
            for (Series s : series) {
                for (double[] p : s.points()) {
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    maxY = Math.max(maxY, p[1]);
                    minY = Math.min(minY, p[1]);
                }
            }
            if (!(maxX > minX)) {
                maxX = minX + 1;
            }
            double bottom = logY ? Math.max(0.01, minY) : 0;
            double top = Math.max(maxY * 1.1, bottom * 10);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, MARGIN, 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawRect(MARGIN, MARGIN - 20, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN + 20);
            g.drawString(xLabel, WIDTH / 2 - 100, HEIGHT - 15);
            g.drawString(yLabel, 5, MARGIN - 25);
            for (int i = 0; i <= 4; i++) {
                double fraction = i / 4.0;
                double value = logY
                        ? Math.pow(10, Math.log10(bottom) + fraction * (Math.log10(top) - Math.log10(bottom)))
                        : bottom + fraction * (top - bottom);
                int y = (int) (HEIGHT - MARGIN - fraction * (HEIGHT - 2 * MARGIN));
                g.drawString(format(value), 5, y + 4);
                double xValue = minX + fraction * (maxX - minX);
                int x = (int) (MARGIN + fraction * (WIDTH - 2 * MARGIN));
                g.drawString(format(xValue), x - 10, HEIGHT - MARGIN + 15);
            }
            g.setStroke(new BasicStroke(2f));
            int index = 0;
            for (Series s : series) {
                Color color = COLORS[index % COLORS.length];
                g.setColor(color);
                int[] last = null;
                for (double[] p : s.points()) {
                    int x = (int) (MARGIN + (p[0] - minX) / (maxX - minX) * (WIDTH - 2 * MARGIN));
                    double fraction = logY
                            ? (Math.log10(Math.max(bottom, p[1])) - Math.log10(bottom))
                                    / (Math.log10(top) - Math.log10(bottom))
                            : (p[1] - bottom) / (top - bottom);
                    int y = (int) (HEIGHT - MARGIN - fraction * (HEIGHT - 2 * MARGIN));
                    if (last != null) {
                        g.drawLine(last[0], last[1], x, y);
                    }
                    last = new int[] {x, y};
                }
                g.fillRect(WIDTH - MARGIN - 180, MARGIN - 10 + 15 * index, 10, 10);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), WIDTH - MARGIN - 165, MARGIN + 15 * index);
                index++;
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    static Map<String, Map<String, Double>> curves() {
        return new LinkedHashMap<>();
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
