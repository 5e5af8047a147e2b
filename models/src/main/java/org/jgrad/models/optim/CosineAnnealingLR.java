package org.jgrad.models.optim;

/**
 * Cosine annealing from the base rate down to {@code etaMin} over {@code tMax} epochs (PyTorch's
 * {@code CosineAnnealingLR}, in its closed form): {@code lr(e) = etaMin + (baseLr - etaMin)(1 + cos(pi e / tMax)) / 2}.
 * Past {@code tMax} the cosine continues, rising again, as PyTorch's does.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: expected tMax >= 1, got " + tMax);
        }
        if (!(etaMin >= 0) || etaMin > baseLr) {
            throw new IllegalArgumentException("CosineAnnealingLR: expected 0 <= etaMin <= the base rate " + baseLr
                    + ", got " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public double lrAt(int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
