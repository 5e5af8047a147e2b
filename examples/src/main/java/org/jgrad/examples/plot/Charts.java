package org.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart style every jgrad picture shares (XChart, drawn headless), and saving a chart as PNG.
 *
 * <p>Every picture is {@link #WIDTH} x {@link #HEIGHT} pixels, white, with a title, axis titles and a legend.
 */
public final class Charts {
    /** Width of every picture, in pixels. */
    public static final int WIDTH = 720;
    /** Height of every picture, in pixels. */
    public static final int HEIGHT = 480;

    /** Class 0 and class 1 in every two-class picture (the points; regions use lighter tints). */
    public static final Color CLASS_0 = new Color(31, 119, 180);
    public static final Color CLASS_1 = new Color(214, 39, 40);

    static {
        // pictures are files, never windows: works on machines without a display
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** An empty line chart with the given titles; the legend sits inside the plot, top right. */
    public static XYChart lines(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    /**
     * The x values {@code 0 .. n-1} of a curve over iterations or epochs. When x values are equally spaced, XChart
     * puts the ticks at data values (0, 46, 92...) instead of round numbers, so the last value is moved left by
     * 0.001: invisible in the picture, and the ticks fall on round numbers again.
     */
    public static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        if (n > 2) {
            x[n - 1] -= 1e-3;
        }
        return x;
    }

    /** An empty scatter chart with the given titles, square-ish axes for 2-D data. */
    public static XYChart scatter(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** An empty bar chart with the given titles. */
    public static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        return chart;
    }

    /** Adds a scatter series of points in one colour, drawn as filled circles. */
    public static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    /** Adds a line series in one colour, without markers. */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        if (color != null) {
            s.setLineColor(color);
        }
        return s;
    }

    /**
     * Saves {@code chart} as a PNG at {@code file} (creating its directory; {@code .png} is appended when missing) and
     * returns the file. The picture is written to a temporary file beside it and renamed into place, so a failed or
     * interrupted write never leaves a partial PNG.
     */
    public static Path save(Chart<?, ?> chart, Path file) {
        String name = file.toString();
        Path target = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? file : Path.of(name + ".png");
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = org.jgrad.models.io.AtomicFile.createTemporaryBeside(target); // umask permissions, not 0600
            if (!javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            try {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the picture " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename already happened or the directory is gone; nothing was left half-written
                }
            }
        }
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAntiAlias(true);
    }
}
