package org.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jgrad.models.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart style every jgrad picture shares (XChart, drawn headless), and saving a chart as PNG, JPEG, SVG or PDF
 * (XChart's encoders; SVG through VectorGraphics2D and PDF through PDFBox's Graphics2D, which XChart brings).
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

    /** The picture formats {@link #save} writes, by file extension. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "svg", "pdf");

    /**
     * The format {@code file}'s extension names ({@code png}, {@code jpg}, {@code jpeg}, {@code svg} or {@code pdf},
     * in any case).
     *
     * @throws IllegalArgumentException for any other extension, or none, listing the ones allowed
     */
    public static String format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            throw new IllegalArgumentException(file + ": a picture must end in ." + String.join(", .",
                    EXTENSIONS.subList(0, EXTENSIONS.size() - 1)) + " or ." + EXTENSIONS.getLast()
                    + " (the format to write), got " + (ext.isEmpty() ? "no extension" : "." + ext));
        }
        return ext;
    }

    /**
     * Saves {@code chart} at {@code file} in the format its extension names (see {@link #format}: PNG and JPEG as
     * bitmaps, SVG and PDF as vector graphics), creating its directory, and returns the file. The picture is written
     * to a temporary file beside it and renamed into place ({@link AtomicFile}), so a failed or interrupted write never
     * leaves a partial picture, and the picture gets the umask's permissions like any other new file.
     */
    public static Path save(Chart<?, ?> chart, Path file) {
        String format = format(file);
        Path tmp = null;
        try {
            tmp = AtomicFile.createTemporaryBeside(file); // umask permissions, not the 0600 of a temporary file
            try (OutputStream out = Files.newOutputStream(tmp)) {
                switch (format) {
                    case "png" -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                    case "svg" -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                    case "pdf" -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                            VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
                    default -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.JPG);
                }
            }
            AtomicFile.moveIntoPlace(tmp, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the picture " + file + ": " + e.getMessage(), e);
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
