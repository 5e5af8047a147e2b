package org.jgrad.models.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs:
 * {@code lr(e) = baseLr * gamma^floor(e / stepSize)} (PyTorch's {@code StepLR}).
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: expected stepSize >= 1, got " + stepSize);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("StepLR: expected a finite gamma > 0, got " + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double lrAt(int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepSize);
    }
}
