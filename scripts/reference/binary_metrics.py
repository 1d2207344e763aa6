"""Reference values for rmcal's scikit-learn-shaped helpers (test/lib/metrics/calibration-curve.test.ts, expected-calibration-error.test.ts, binary-scores.test.ts).

Run with /usr/bin/python3 (numpy 1.24, scipy 1.10, scikit-learn 1.2.1):
    /usr/bin/python3 scripts/reference/binary_metrics.py
Writes test/reference-values/binary_metrics.json: each case stores its inputs (yTrue, yProb, sampleWeight) and
  - sklearn.calibration.calibration_curve (prob_true, prob_pred) for the case's strategy and n_bins,
  - the per-bin counts (numpy.searchsorted + numpy.bincount, the same rule),
  - the ECE definition computed with numpy in the l1, l2 and max norms, unweighted and weighted,
  - sklearn.metrics.brier_score_loss and sklearn.metrics.log_loss, unweighted and weighted.
Weighted quantile edges are the percentiles of the rows with non-zero weight (rmcal's rule: a zero-weight row
changes nothing).
"""
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

from common import versions, write


def probabilities(rng, n, edge_bins=(2, 3, 5, 10, 15)):
    """Uniform draws mixed with values exactly on bin edges (k/B and k*(1/B)), 0 and 1."""
    p = rng.random(n)
    kind = rng.random(n)
    bins = rng.choice(edge_bins, n)
    k = np.floor(rng.random(n) * (bins + 1))
    p = np.where(kind < 0.15, k / bins, p)
    p = np.where((kind >= 0.15) & (kind < 0.3), k * (1.0 / bins), p)
    p = np.where((kind >= 0.3) & (kind < 0.37), np.round(rng.random(n)), p)
    return p


def clumped(rng, n):
    """Few distinct values, mostly 0 and 1: numpy percentiles repeat, so quantile bins come out empty."""
    return rng.choice([0.0, 0.0, 0.0, 0.1, 0.5, 1.0, 1.0], n)


def edges(y_prob, weight, n_bins, strategy):
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    return np.percentile(y_prob[weight > 0], np.linspace(0, 1, n_bins + 1) * 100)


def ece(y_true, y_prob, weight, n_bins, strategy):
    """ECE by its definition: Σ_b (W_b/W)|p̄_b − ȳ_b| (l1), its root-mean-square form (l2) and the largest gap (max)."""
    e = edges(y_prob, weight, n_bins, strategy)
    ids = np.searchsorted(e[1:-1], y_prob)
    w_b = np.bincount(ids, weights=weight, minlength=n_bins)
    p_b = np.bincount(ids, weights=weight * y_prob, minlength=n_bins)
    y_b = np.bincount(ids, weights=weight * y_true, minlength=n_bins)
    full = w_b > 0
    gap = np.abs(p_b[full] / w_b[full] - y_b[full] / w_b[full])
    share = w_b[full] / w_b.sum()
    return {"l1": np.sum(share * gap), "l2": np.sqrt(np.sum(share * gap**2)), "max": gap.max()}


def case(name, rng, y_prob, n_bins, strategy):
    n = len(y_prob)
    y_true = (rng.random(n) < y_prob).astype(float)
    y_true[0], y_true[-1] = 0.0, 1.0  # both classes present (log_loss needs them)
    # Confidently wrong rows (p = 0 with y = 1, p = 1 with y = 0) pin log_loss's clipping at eps.
    wrong = np.flatnonzero((y_prob == 0) | (y_prob == 1))[:2]
    y_true[wrong] = 1.0 - y_prob[wrong]
    weight = np.where(rng.random(n) < 0.2, 0.0, rng.uniform(0.1, 3.0, n))
    ones = np.ones(n)
    prob_true, prob_pred = calibration_curve(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    e = edges(y_prob, ones, n_bins, strategy)
    counts = np.bincount(np.searchsorted(e[1:-1], y_prob), minlength=n_bins)
    return {
        "name": name, "nBins": n_bins, "strategy": strategy,
        "yTrue": y_true, "yProb": y_prob, "sampleWeight": weight,
        "calibrationCurve": {"probTrue": prob_true, "probPred": prob_pred, "counts": counts[counts > 0]},
        "quantileEdgesDuplicate": bool(strategy == "quantile" and len(np.unique(e)) < len(e)),
        "ece": ece(y_true, y_prob, ones, n_bins, strategy),
        "eceWeighted": ece(y_true, y_prob, weight, n_bins, strategy),
        "brier": brier_score_loss(y_true, y_prob),
        "brierWeighted": brier_score_loss(y_true, y_prob, sample_weight=weight),
        "logLoss": log_loss(y_true, y_prob),
        "logLossWeighted": log_loss(y_true, y_prob, sample_weight=weight),
        "confidentlyWrong": len(wrong),
    }


def main():
    rng = np.random.default_rng(20261127)
    cases = []
    for strategy in ("uniform", "quantile"):
        for n, n_bins in ((50, 5), (1000, 10), (2000, 15), (333, 7), (10, 3)):
            cases.append(case(f"random n={n}", rng, probabilities(rng, n), n_bins, strategy))
        for n, n_bins in ((200, 5), (500, 10)):
            cases.append(case(f"clumped n={n}", rng, clumped(rng, n), n_bins, strategy))
    assert any(c["quantileEdgesDuplicate"] for c in cases), "no case has duplicate quantile edges"
    assert all(c["confidentlyWrong"] > 0 for c in cases), "a case has no confidently wrong row"
    write("binary_metrics.json", {"producedBy": "scripts/reference/binary_metrics.py", "versions": versions(), "cases": cases})


if __name__ == "__main__":
    main()
