package org.jgrad.spark;

import java.io.Serializable;
import java.util.Random;
import org.jgrad.models.nn.BCELoss;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.MSELoss;
import org.jgrad.models.nn.Module;

/**
 * How an executor builds its own copy of the model and the loss. jgrad modules are not {@link Serializable}, and
 * each Spark task needs a copy of its own (two tasks running backward on the same parameters would mix their
 * gradients), so the tasks build one from a recipe and then load the parameters the driver broadcast. The copy's
 * initial values do not matter; its parameters must have the driver model's names, shapes and dtypes, which
 * {@link SparkTrainer} checks.
 *
 * <pre>{@code
 * ModelRecipe r = ModelRecipe.of(random -> Mlp.of(new int[] {784, 128, 10}, "relu", random), CrossEntropyLoss::new);
 * ModelRecipe s = ModelRecipe.of(model, new BCEWithLogitsLoss());   // built-in layers and losses: copied as they are
 * }</pre>
 */
public interface ModelRecipe extends Serializable {
    /** A new model; {@code random} seeds its initialisation and any randomness inside it (dropout masks). */
    Module model(Random random);

    /** A new loss. */
    Loss loss();

    /** Builds a model from a random source; a lambda that captures only serializable values. */
    @FunctionalInterface
    interface ModelFactory extends Serializable {
        Module create(Random random);
    }

    /** Builds a loss; a lambda or constructor reference that captures only serializable values. */
    @FunctionalInterface
    interface LossFactory extends Serializable {
        Loss create();
    }

    /** A recipe from two factories. */
    static ModelRecipe of(ModelFactory model, LossFactory loss) {
        return new ModelRecipe() {
            @Override
            public Module model(Random random) {
                return model.create(random);
            }

            @Override
            public Loss loss() {
                return loss.create();
            }
        };
    }

    /**
     * A recipe that rebuilds {@code model}'s structure (made of {@code Linear}, {@code Sequential}, {@code ReLU},
     * {@code Tanh}, {@code Sigmoid} and {@code Dropout}; see {@link ModuleBlueprint}) and {@code loss}, one of
     * {@code BCEWithLogitsLoss}, {@code CrossEntropyLoss}, {@code BCELoss} and {@code MSELoss} with its default
     * options (a loss's weights cannot be read back from it, so a weighted loss needs {@link #of(ModelFactory,
     * LossFactory)}).
     *
     * @throws IllegalArgumentException for another module or loss class, or a loss without default options
     */
    static ModelRecipe of(Module model, Loss loss) {
        ModuleBlueprint blueprint = ModuleBlueprint.of(model);
        LossFactory factory = defaultLoss(loss);
        return of(blueprint::build, factory);
    }

    private static LossFactory defaultLoss(Loss loss) {
        LossFactory factory = switch (loss) {
            case BCEWithLogitsLoss l -> BCEWithLogitsLoss::new;
            case CrossEntropyLoss l -> CrossEntropyLoss::new;
            case BCELoss l -> BCELoss::new;
            case MSELoss l -> MSELoss::new;
            default -> throw new IllegalArgumentException("ModelRecipe: cannot copy a " + loss.getClass().getName()
                    + " to the executors; give a LossFactory (ModelRecipe.of(modelFactory, lossFactory))");
        };
        if (!factory.create().toString().equals(loss.toString())) {
            throw new IllegalArgumentException("ModelRecipe: " + loss + " has options other than the defaults ("
                    + factory.create() + "); give a LossFactory (ModelRecipe.of(modelFactory, lossFactory))");
        }
        return factory;
    }
}
