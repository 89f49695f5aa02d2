package lab.scaling.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that say how far to trust a fit: residuals of the parametric law, agreement of the exponent a
 * across approaches, a held-out check (refit without the largest budget and predict it), and warnings
 * when a requested budget lies far beyond the fitted range (SCALING.md: the Chinchilla exponents were
 * fitted up to about 5e23 FLOPs; warn when extrapolating far beyond).
 */
public final class Diagnostics {
    /** Requested budgets beyond this multiple of the largest fitted compute get a warning. */
    public static final double EXTRAPOLATION_WARNING = 10;
    /** Approaches whose a differ by more than this get a warning. */
    public static final double EXPONENT_DISAGREEMENT = 0.05;

    /** One run's loss against the fitted law's prediction. */
    public record Residual(String id, long params, long tokens, double flops, double loss, double predicted) {
        public double logResidual() {
            return Math.log(loss) - Math.log(predicted);
        }
    }

    /**
     * The held-out check.
     *
     * @param flops              compute of the held-out budget (geometric mean)
     * @param runs               runs held out
     * @param rmsLogError        RMS of log(observed / predicted) loss by the refitted law (NaN without Approach 3)
     * @param maxRelativeError   largest |predicted / observed - 1| over the held-out losses
     * @param paramsOptObserved  the held-out curve's parabola vertex (NaN when it has no IsoFLOP curve)
     * @param paramsOptApproach3 N_opt predicted by the law refitted without it
     * @param paramsOptApproach2 N_opt extrapolated by the Approach-2 power law refitted without it
     */
    public record HeldOut(double flops, int runs, double rmsLogError, double maxRelativeError,
                          double paramsOptObserved, double paramsOptApproach3, double paramsOptApproach2) {}

    public record Result(ParamsConvention convention, List<Residual> residuals, double residualRms,
                         Map<String, Double> exponents, HeldOut heldOut, List<String> warnings) {
        /** max a - min a over the approaches that ran; NaN with fewer than two. */
        public double exponentSpread() {
            return spread(exponents);
        }
    }

    private static double spread(Map<String, Double> exponents) {
        if (exponents.size() < 2) {
            return Double.NaN;
        }
        var stats = exponents.values().stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return stats.getMax() - stats.getMin();
    }

    private Diagnostics() {}

    public static Result compute(FitInput input, Approach1.Result a1, Approach2.Result a2, Approach3.Result a3,
                                 Approach3.Settings settings, List<Double> budgets) {
        var runs = input.runs();
        var warnings = new ArrayList<String>();
        var residuals = new ArrayList<Residual>();
        double rms = Double.NaN;
        if (a3 != null) {
            double sum = 0;
            for (Run r : runs) {
                var res = new Residual(r.id(), r.params(), r.tokens(), r.flops(), r.loss(), a3.law().loss(r.params(), r.tokens()));
                residuals.add(res);
                sum += res.logResidual() * res.logResidual();
            }
            rms = Math.sqrt(sum / runs.size());
        }
        var exponents = new LinkedHashMap<String, Double>();
        if (a1 != null) exponents.put("approach1", a1.a());
        if (a2 != null) exponents.put("approach2", a2.a());
        if (a3 != null && a3.law().hasFrontier()) exponents.put("approach3", a3.law().a());
        double spread = spread(exponents);
        if (spread > EXPONENT_DISAGREEMENT) {
            warnings.add(String.format(Locale.ROOT, "the approaches disagree on a by %.3f %s: check grid centring, "
                    + "schedule length per run and the parameter convention", spread, exponents));
        }
        double maxFlops = input.maxFlops();
        for (double c : budgets) {
            if (c > EXTRAPOLATION_WARNING * maxFlops) {
                warnings.add(String.format(Locale.ROOT, "budget %.3g FLOPs is %.0fx beyond the largest fitted run (%.3g): "
                        + "the exponents may not hold there", c, c / maxFlops, maxFlops));
            }
        }
        HeldOut heldOut = null;
        try {
            heldOut = heldOut(runs, a2 != null, a3, settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            warnings.add("held-out check skipped: " + e.getMessage());
        }
        return new Result(input.convention(), residuals, rms, exponents, heldOut, warnings);
    }

    /**
     * Holds out the largest budget (its IsoFLOP curve when it has at least 3 runs, else the top 10% of runs
     * by compute), refits on the rest, and compares predicted with observed losses and optimum.
     * {@code full} is the Approach-3 fit on all runs (null when Approach 3 did not run).
     */
    static HeldOut heldOut(List<Run> runs, boolean withApproach2, Approach3.Result full, Approach3.Settings settings) {
        var groups = Approach2.group(runs);
        List<Integer> held = groups.get(groups.size() - 1);
        if (held.size() < 3) {
            var order = new ArrayList<Integer>();
            for (int i = 0; i < runs.size(); i++) order.add(i);
            order.sort(Comparator.comparingDouble(i -> -runs.get(i).flops()));
            held = order.subList(0, Math.max(1, runs.size() / 10));
        }
        var heldSet = new java.util.HashSet<>(held);
        var train = new ArrayList<Run>();
        var test = new ArrayList<Run>();
        for (int i = 0; i < runs.size(); i++) {
            (heldSet.contains(i) ? test : train).add(runs.get(i));
        }
        double logC = 0;
        for (Run r : test) logC += Math.log(r.flops());
        double flops = Math.exp(logC / test.size());
        double observed = Double.NaN;
        if (Approach2.group(test).size() == 1 && test.stream().map(Run::params).distinct().count() >= Approach2.MIN_SIZES) {
            var idx = new ArrayList<Integer>();
            for (int i = 0; i < test.size(); i++) idx.add(i);
            var curve = Approach2.parabola(test, idx, Run.unitWeights(test.size()), flops);
            if (curve.opensUpward()) observed = curve.paramsOpt();
        }
        double rmsLog = Double.NaN;
        double maxRel = Double.NaN;
        double n3 = Double.NaN;
        if (full != null) {
            // refit from the full fit's best grid starts (as the bootstrap does; BootstrapStartsTest checks
            // that they reach the full grid's objective), in a fraction of the full grid's time
            var law = Approach3.fit(train, Run.unitWeights(train.size()), settings, full.refitStarts()).law();
            double sum = 0;
            maxRel = 0;
            for (Run r : test) {
                double predicted = law.loss(r.params(), r.tokens());
                double e = Math.log(r.loss() / predicted);
                sum += e * e;
                maxRel = Math.max(maxRel, Math.abs(predicted / r.loss() - 1));
            }
            rmsLog = Math.sqrt(sum / test.size());
            if (law.hasFrontier()) n3 = law.paramsOpt(flops);
        }
        double n2 = Double.NaN;
        if (withApproach2) {
            n2 = Approach2.fit(train, Run.unitWeights(train.size()), false).paramsOpt().at(flops);
        }
        return new HeldOut(flops, test.size(), rmsLog, maxRel, observed, n3, n2);
    }
}
