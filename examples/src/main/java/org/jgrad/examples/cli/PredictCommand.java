package org.jgrad.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.Classifier;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad predict}: applies a model saved by {@code jgrad train --save} to rows of raw features. The file
 * carries the architecture, the fitted scaler and the class names, so the rows need no preparation.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a saved model: one line per CSV row, the predicted label as the training data "
            + "wrote it (1/2, cat/dog).",
            "--proba: a header line P(class),... in the model's class order, then every class probability per row."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors",
            description = "A model saved by 'jgrad train --save'.")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "Features only (no label column), in the training column order; optional header line.")
    Path dataFile;

    @Option(names = "--proba", description = "Print the probability of every class, comma-separated, under a "
            + "header naming the classes.")
    boolean proba;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "The CSV file's cell separator: one character or tab (default: detected).")
    String delimiter;

    @Override
    public Integer call() throws IOException {
        char separator = Delimiters.parse(spec.commandLine(), delimiter);
        PrintWriter out = spec.commandLine().getOut();
        Classifier classifier = Classifier.load(modelFile);
        List<float[]> rows = CsvReader.readTable(dataFile, separator, null).rows();
        if (rows.isEmpty()) {
            throw new DataException(dataFile + ": no data rows");
        }
        int n = rows.get(0).length;
        if (n != classifier.features()) {
            throw new DataException(dataFile + ": rows have " + n + " columns, but the model expects "
                    + classifier.features() + " features (no label column)");
        }
        float[] flat = new float[rows.size() * n];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * n, n);
        }
        NDArray x = NDArray.of(flat, Shape.of(rows.size(), n));
        List<String> names = classifier.classNames();
        if (proba) {
            StringJoiner header = new StringJoiner(",");
            names.forEach(name -> header.add(csvCell("P(" + name + ")")));
            out.println(header);
            NDArray p = classifier.predictProba(x);
            int width = p.shape().dim(1);
            for (int i = 0; i < rows.size(); i++) {
                StringJoiner line = new StringJoiner(",");
                if (width == 1) {
                    line.add(format(1 - p.get(i))).add(format(p.get(i)));
                } else {
                    for (int j = 0; j < width; j++) {
                        line.add(format(p.get(i * width + j)));
                    }
                }
                out.println(line);
            }
        } else {
            classifier.predictLabels(x).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private static String csvCell(String text) {
        return text.matches("[^,\"\r\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
