package org.jgrad.examples.plot;

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
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Small images (filters, feature maps) drawn as XChart heat maps in a grid, one titled heat map per image, on one
 * {@link Charts#WIDTH} x {@link Charts#HEIGHT} picture. Row 0 of an image is drawn at the top, as a picture is.
 */
public final class HeatMapGrid {
    /** Negative blue, zero white, positive red: for filters, whose sign matters. */
    public static final Color[] DIVERGING = {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)};

    /** Dark to bright: for activations (ReLU outputs are >= 0) and pixels. */
    public static final Color[] SEQUENTIAL = {new Color(13, 8, 135), new Color(204, 71, 120), new Color(240, 249, 33)};

    private static final int TITLE = 40;

    private HeatMapGrid() {
    }

    /**
     * Draws {@code maps} (each {@code [rows][cols]}) with their {@code names} in {@code columns} columns and saves
     * the PNG at {@code file}. With {@code symmetric}, every map's colour range is {@code [-a, a]} for its largest
     * {@code |value| a}, so white is 0; otherwise each map spans its own minimum to maximum.
     */
    public static Path save(String title, List<double[][]> maps, List<String> names, int columns, boolean symmetric,
            Color[] colors, Path file) {
        int rows = (maps.size() + columns - 1) / columns;
        int cellW = Charts.WIDTH / columns;
        int cellH = (Charts.HEIGHT - TITLE) / rows;
        BufferedImage picture = new BufferedImage(Charts.WIDTH, Charts.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, Charts.WIDTH, Charts.HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, (Charts.WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 26);
        for (int i = 0; i < maps.size(); i++) {
            HeatMapChart chart = chart(names.get(i), maps.get(i), cellW, cellH, symmetric, colors);
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % columns) * cellW, TITLE + (i / columns) * cellH,
                    null);
        }
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            javax.imageio.ImageIO.write(picture, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the picture " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static HeatMapChart chart(String name, double[][] map, int width, int height, boolean symmetric,
            Color[] colors) {
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(name).build();
        var styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setChartTitlePadding(2);
        styler.setAxisTicksVisible(false);
        styler.setAxisTitlesVisible(false);
        styler.setPlotBorderVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartPadding(2);
        styler.setRangeColors(colors);
        styler.setShowValue(false);
        styler.setDrawBorder(false);
        int rows = map.length;
        int cols = map[0].length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            xs.add(c);
        }
        for (int r = 0; r < rows; r++) {
            ys.add(r);
            for (int c = 0; c < cols; c++) {
                // heat map row 0 is drawn at the bottom: image row r goes to rows - 1 - r
                cells.add(new Number[] {c, rows - 1 - r, map[r][c]});
                min = Math.min(min, map[r][c]);
                max = Math.max(max, map[r][c]);
            }
        }
        if (symmetric) {
            double a = Math.max(Math.max(Math.abs(min), Math.abs(max)), 1e-12);
            min = -a;
            max = a;
        } else if (max <= min) {
            max = min + 1e-12;
        }
        styler.setMin(min);
        styler.setMax(max);
        chart.addSeries(name, xs, ys, cells);
        return chart;
    }
}
