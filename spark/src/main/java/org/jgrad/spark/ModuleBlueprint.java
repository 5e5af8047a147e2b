package org.jgrad.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Random;
import org.jgrad.models.nn.Dropout;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.ReLU;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.nn.Sigmoid;
import org.jgrad.models.nn.Tanh;

/**
 * The structure of a model built from jgrad's own layers, as serializable data, so that an executor can build the
 * same structure ({@link #build}) without the model itself being serializable. Covers {@link Linear},
 * {@link Sequential} (nested too), {@link ReLU}, {@link Tanh}, {@link Sigmoid} and {@link Dropout}: everything
 * {@code jgrad train} builds. Any other module needs a {@link ModelRecipe.ModelFactory}.
 *
 * @param kind the layer's class name: Linear, Sequential, ReLU, Tanh, Sigmoid or Dropout
 * @param in input features of a Linear
 * @param out output features of a Linear
 * @param p dropout probability of a Dropout
 * @param children the layers of a Sequential, in order
 */
public record ModuleBlueprint(String kind, int in, int out, double p, List<ModuleBlueprint> children)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The blueprint of {@code module}.
     *
     * @throws IllegalArgumentException for a module of another class, naming it
     */
    public static ModuleBlueprint of(Module module) {
        return switch (module) {
            case Linear l -> new ModuleBlueprint("Linear", l.inFeatures(), l.outFeatures(), 0, List.of());
            case Sequential s -> new ModuleBlueprint("Sequential", 0, 0, 0,
                    s.layers().stream().map(ModuleBlueprint::of).toList());
            case ReLU r -> leaf("ReLU");
            case Tanh t -> leaf("Tanh");
            case Sigmoid s -> leaf("Sigmoid");
            case Dropout d -> new ModuleBlueprint("Dropout", 0, 0, d.p(), List.of());
            default -> throw new IllegalArgumentException("ModuleBlueprint: cannot copy a "
                    + module.getClass().getName() + " to the executors (known: Linear, Sequential, ReLU, Tanh, "
                    + "Sigmoid, Dropout); give a ModelFactory (ModelRecipe.of(modelFactory, lossFactory))");
        };
    }

    private static ModuleBlueprint leaf(String kind) {
        return new ModuleBlueprint(kind, 0, 0, 0, List.of());
    }

    /** A new module of this structure, initialised from {@code random} (dropout masks drawn from it too). */
    public Module build(Random random) {
        return switch (kind) {
            case "Linear" -> new Linear(in, out, random);
            case "Sequential" -> new Sequential(children.stream().map(c -> c.build(random)).toArray(Module[]::new));
            case "ReLU" -> new ReLU();
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            case "Dropout" -> new Dropout(p, random);
            default -> throw new IllegalStateException("ModuleBlueprint: unknown kind '" + kind + "'");
        };
    }
}
