// jgrad shell start-up (after jshell's DEFAULT imports): what a user of jgrad needs, imported
import org.jgrad.autograd.*;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.*;
import org.jgrad.models.nn.*;
import org.jgrad.models.optim.*;
import org.jgrad.models.data.*;
import org.jgrad.models.metrics.Metrics;
// single-type imports win over java.lang.Module and java.util.function.Function
import org.jgrad.models.nn.Module;
import org.jgrad.autograd.Function;

/** Prints the chain rule of the last recorded backward pass from root (Graph.trace(root)), one step per line. */
void explain(Tensor root) {
    System.out.print(Graph.explain(root));
}

/** Writes the explorer page of root's last backward pass to file and prints its path. */
void html(Tensor root, String file) {
    System.out.println("wrote " + GraphPage.write(root, Path.of(file)));
}

/** Writes the explorer page to graph.html in the current directory and prints its path. */
void html(Tensor root) {
    html(root, "graph.html");
}
