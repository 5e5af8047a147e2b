package org.jgrad.models.optim;

/**
 * The strong Wolfe line search of PyTorch's L-BFGS ({@code _strong_wolfe}, after Nocedal and Wright, Algorithms 3.5
 * and 3.6): from step {@code t} along direction d, find a step with sufficient decrease
 * {@code f(x + t d) <= f(x) + c1 t g^T d} and curvature {@code |g(x + t d)^T d| <= c2 |g^T d|}, first by growing the
 * step until a bracket holds a point that satisfies both, then by zooming in on it; each trial step is the minimiser
 * of the cubic through the bracket's ends (their values and slopes), kept away from the ends.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LS = 25;

    private StrongWolfe() {
    }

    /** The loss and flat gradient at one trial point. */
    record Evaluation(double loss, double[] grad) {
    }

    /** The loss and gradient at {@code x + step * dir}. */
    @FunctionalInterface
    interface Objective {
        Evaluation at(double[] x, double step, double[] dir);
    }

    /** The step found, its loss and gradient, and how many evaluations it took. */
    record Result(double loss, double[] grad, double step, int evaluations) {
    }

    static Result search(Objective obj, double[] x, double t, double[] d, double f, double[] g, double gtd,
            double toleranceChange) {
        double dNorm = LBFGS.maxAbs(d);
        Evaluation e = obj.at(x, t, d);
        double fNew = e.loss();
        double[] gNew = e.grad();
        int evals = 1;
        double gtdNew = LBFGS.dot(gNew, d);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g.clone();
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < MAX_LS) {
            if (fNew > f + C1 * t * gtd || lsIter > 1 && fNew >= fPrev) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // extrapolate: the cubic's minimiser, between 1.01 t - 0.01 t_prev and 10 t
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = LBFGS.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
            bracketGtd = new double[] {gtd, gtdNew};
        }
        // zoom: shrink the bracket until a point satisfies both conditions
        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            double lo = Math.min(bracket[0], bracket[1]);
            double hi = Math.max(bracket[0], bracket[1]);
            t = cubicMinimum(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], lo, hi);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                // too close to an end: move eps inside, unless the last trial already made progress
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = LBFGS.dot(gNew, d);
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        int pick = bracket.length == 1 ? 0 : low;
        return new Result(bracketF[pick], bracketG[pick], bracket[pick], evals);
    }

    /**
     * The minimiser in {@code [lo, hi]} of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes g1 and
     * g2 (Nocedal and Wright, eq. 3.59); the middle of the interval when the cubic has no minimum.
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }
}
