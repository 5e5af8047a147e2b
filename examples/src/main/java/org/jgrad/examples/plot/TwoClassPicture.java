package org.jgrad.examples.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.LabeledData;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of a two-class set with two features: the points coloured by label, over the regions a classifier
 * assigns to each class, or with a straight decision boundary.
 */
public final class TwoClassPicture {
    private static final Color REGION_0 = new Color(205, 225, 243);
    private static final Color REGION_1 = new Color(246, 208, 208);
    private static final int GRID_X = 90;
    private static final int GRID_Y = 60;
    private static final double MARGIN = 0.4;

    private final LabeledData data;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;

    /** A picture of {@code data}: rows {@code (x1, x2)}, labels 0 or 1. */
    public TwoClassPicture(LabeledData data) {
        if (data.features() != 2) {
            throw new IllegalArgumentException("a two-class picture needs 2 features, got " + data.features());
        }
        this.data = data;
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < data.rows(); i++) {
            for (int f = 0; f < 2; f++) {
                double v = data.x().get(i * 2 + f);
                lo[f] = Math.min(lo[f], v);
                hi[f] = Math.max(hi[f], v);
            }
        }
        xMin = lo[0] - MARGIN;
        xMax = hi[0] + MARGIN;
        yMin = lo[1] - MARGIN;
        yMax = hi[1] + MARGIN;
    }

    /**
     * The points over the classifier's regions: {@code classifier} maps a batch of points {@code (k, 2)} to
     * probabilities of class 1 {@code (k, 1)}; above 0.5 is class 1.
     */
    public XYChart withRegions(String title, UnaryOperator<NDArray> classifier) {
        XYChart chart = frame(title);
        float[] grid = new float[GRID_X * GRID_Y * 2];
        for (int r = 0; r < GRID_Y; r++) {
            for (int c = 0; c < GRID_X; c++) {
                int k = r * GRID_X + c;
                grid[2 * k] = (float) (xMin + (c + 0.5) * (xMax - xMin) / GRID_X);
                grid[2 * k + 1] = (float) (yMin + (r + 0.5) * (yMax - yMin) / GRID_Y);
            }
        }
        NDArray p = classifier.apply(NDArray.of(grid, Shape.of(GRID_X * GRID_Y, 2)));
        List<double[]> region0 = new ArrayList<>();
        List<double[]> region1 = new ArrayList<>();
        for (int k = 0; k < GRID_X * GRID_Y; k++) {
            (p.get(k) > 0.5 ? region1 : region0).add(new double[] {grid[2 * k], grid[2 * k + 1]});
        }
        // the regions first, so that the points are drawn over them
        region(chart, "predicted 0", region0, REGION_0);
        region(chart, "predicted 1", region1, REGION_1);
        addPoints(chart);
        return chart;
    }

    /** The points and the straight boundary {@code w1 x1 + w2 x2 + b = 0}. */
    public XYChart withLine(String title, double w1, double w2, double b) {
        XYChart chart = frame(title);
        addPoints(chart);
        String name = String.format(java.util.Locale.ROOT, "%.2f x1 %s %.2f x2 %s %.2f = 0", w1, w2 < 0 ? "-" : "+",
                Math.abs(w2), b < 0 ? "-" : "+", Math.abs(b));
        if (Math.abs(w2) > 1e-12 * Math.abs(w1)) {
            // x2 = -(w1 x1 + b) / w2, drawn across the picture and clipped by the axis limits
            Charts.line(chart, name, new double[] {xMin, xMax},
                    new double[] {-(w1 * xMin + b) / w2, -(w1 * xMax + b) / w2}, Color.BLACK);
        } else {
            double x = -b / w1;
            Charts.line(chart, name, new double[] {x, x}, new double[] {yMin, yMax}, Color.BLACK);
        }
        return chart;
    }

    private XYChart frame(String title) {
        XYChart chart = Charts.scatter(title, "x1", "x2");
        chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        return chart;
    }

    private void addPoints(XYChart chart) {
        List<double[]> class0 = new ArrayList<>();
        List<double[]> class1 = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            double[] xy = {data.x().get(2 * i), data.x().get(2 * i + 1)};
            (data.y().get(i) == 1 ? class1 : class0).add(xy);
        }
        Charts.points(chart, "label 0", column(class0, 0), column(class0, 1), Charts.CLASS_0);
        Charts.points(chart, "label 1", column(class1, 0), column(class1, 1), Charts.CLASS_1);
    }

    private static void region(XYChart chart, String name, List<double[]> cells, Color color) {
        if (cells.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, column(cells, 0), column(cells, 1));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.SQUARE);
        s.setMarkerColor(color);
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }
}
