package org.jgrad.models.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * A piece of a model: holds parameters and sub-modules, and maps an input tensor to an output in
 * {@link #forward}. Parameters and sub-modules are listed in the order they were registered; nested names are
 * dotted ({@code 0.weight}), as in PyTorch.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation: maps an input batch to an output batch. */
    public abstract Tensor forward(Tensor input);

    /** Registers a parameter under {@code name}; returns it. */
    protected final Parameter registerParameter(String name, Parameter p) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("a parameter or module named '" + name + "' is already registered");
        }
        parameters.put(name, p);
        return p;
    }

    /** Replaces a registered parameter (for {@code resetParameters} or loading). */
    protected final void replaceParameter(String name, Parameter p) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        parameters.put(name, p);
    }

    /**
     * Registers a buffer: state that is saved and loaded with the parameters but not trained (BatchNorm's running
     * statistics, PyTorch's {@code register_buffer}). The module updates the array in place; returns it.
     */
    protected final NDArray registerBuffer(String name, NDArray buffer) {
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("a parameter, buffer or module named '" + name + "' is already "
                    + "registered");
        }
        buffers.put(name, buffer);
        return buffer;
    }

    /** All buffers with dotted names, this module's first, then each sub-module's. */
    public final Map<String, NDArray> namedBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>(buffers);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            for (Map.Entry<String, NDArray> b : c.getValue().namedBuffers().entrySet()) {
                out.put(c.getKey() + "." + b.getKey(), b.getValue());
            }
        }
        return out;
    }

    /** Every parameter's array, then every buffer's, under dotted names (PyTorch's state dict keeps them mixed). */
    private Map<String, NDArray> namedState() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> out.put(k, v.data()));
        out.putAll(namedBuffers());
        return out;
    }

    /** Registers a sub-module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M m) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("a parameter or module named '" + name + "' is already registered");
        }
        children.put(name, m);
        return m;
    }

    /** All parameters, this module's first, then each sub-module's, in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All parameters with dotted names ({@code 0.weight}), in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            for (Map.Entry<String, Parameter> p : c.getValue().namedParameters().entrySet()) {
                out.put(c.getKey() + "." + p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /**
     * A copy of every parameter's and buffer's values under its dotted name, parameters first, in registration
     * order: what a model file holds.
     */
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> p : namedState().entrySet()) {
            out.put(p.getKey(), p.getValue().copy());
        }
        return out;
    }

    /**
     * Copies {@code state} into the parameters and buffers. Every one must be present with its exact shape and
     * dtype, and no other name may appear; otherwise an error names the first offending entry and nothing is
     * changed.
     */
    public final void loadStateDict(Map<String, NDArray> state) {
        Map<String, NDArray> own = namedState();
        for (Map.Entry<String, NDArray> p : own.entrySet()) {
            NDArray given = state.get(p.getKey());
            NDArray expected = p.getValue();
            if (given == null) {
                throw new IllegalArgumentException("loadStateDict: missing parameter '" + p.getKey() + "' (expected "
                        + expected.dtype() + " " + expected.shape() + ")");
            }
            if (!given.shape().equals(expected.shape()) || given.dtype() != expected.dtype()) {
                throw new IllegalArgumentException("loadStateDict: parameter '" + p.getKey() + "' has "
                        + given.dtype() + " " + given.shape() + " in the state, expected " + expected.dtype() + " "
                        + expected.shape());
            }
        }
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException("loadStateDict: unexpected parameter '" + name + "'; this "
                        + getClass().getSimpleName() + " has " + own.keySet());
            }
        }
        for (Map.Entry<String, NDArray> p : own.entrySet()) {
            p.getValue().copyFrom(state.get(p.getKey()));
        }
    }

    /** Direct sub-modules with their names, in registration order. */
    public final Map<String, Module> children() {
        return new LinkedHashMap<>(children);
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Training mode (the default): layers such as dropout are active. Applies to sub-modules; returns this. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode: layers such as dropout pass inputs through. Applies to sub-modules; returns this. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.setTraining(on);
        }
        return this;
    }

    public final boolean isTraining() {
        return training;
    }

    /** One line describing this module's configuration, e.g. {@code in_features=64, out_features=1}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style repr, nesting sub-modules. */
    @Override
    public String toString() {
        String head = getClass().getSimpleName() + "(" + extraRepr();
        if (children.isEmpty()) {
            return head + ")";
        }
        StringBuilder sb = new StringBuilder(head).append('\n');
        for (Map.Entry<String, Module> c : children.entrySet()) {
            String inner = c.getValue().toString().replace("\n", "\n  ");
            sb.append("  (").append(c.getKey()).append("): ").append(inner).append('\n');
        }
        return sb.append(')').toString();
    }
}
