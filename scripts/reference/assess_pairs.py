"""Reference values for rmcal's assess (test/lib/metrics/assess.test.ts): an independent numpy/scipy computation.

Run with /usr/bin/python3 (numpy 1.24, scipy 1.10):
    /usr/bin/python3 scripts/reference/assess_pairs.py
Writes test/reference-values/assess_pairs.json. Each case stores the pairs it was computed on, the options, and the
metrics of docs/DESIGN.md §3 computed here from scratch with scipy.special.expit / log_expit:
  (a) chosen/rejected pairs (every label 1), folded view, 15 uniform bins;
  (b) soft-labelled, weighted A/B pairs with ties (d = 0) and zero weights, folded view, uniform and quantile bins,
      at T = 1 and T = 1.7, and the oriented view.
"""
import numpy as np
from scipy.special import expit, log_expit
from scipy.stats import norm

from common import versions, write

Z = norm.ppf(0.975)


def view(d, y, temperature, kind):
    """(binned value, outcome): folded σ(|d|/T) against the share agreeing with the model; oriented σ(d/T) against y."""
    if kind == "oriented":
        return expit(d / temperature), y
    agree = np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))
    return expit(np.abs(d) / temperature), agree


def bin_edges(v, w, n_bins, binning, kind):
    if binning == "uniform":
        return np.linspace(0.5 if kind == "folded" else 0.0, 1.0, n_bins + 1)
    e = np.unique(np.percentile(v[w > 0], np.linspace(0, 1, n_bins + 1) * 100))  # sorted, duplicates removed
    return e if len(e) > 1 else np.array([e[0], e[0]])


def wilson(p, n):
    center = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return max(0.0, center - half), min(1.0, center + half)


def assess(d, y, w, n_bins=15, binning="uniform", kind="folded", temperature=1.0):
    z = d / temperature
    v, k = view(d, y, temperature, kind)
    e = bin_edges(v, w, n_bins, binning, kind)
    ids = np.searchsorted(e[1:-1], v, side="left")  # e_k < v ≤ e_{k+1}
    total = w.sum()
    bins, ece, sq, deb, mce = [], 0.0, 0.0, 0.0, 0.0
    for b in range(len(e) - 1):
        m = ids == b
        wb = w[m].sum()
        row = {"lower": e[b], "upper": e[b + 1], "count": int(np.count_nonzero(w[m])), "weight": wb}
        if wb > 0:
            vb = np.sum(w[m] * v[m]) / wb
            kb = np.sum(w[m] * k[m]) / wb
            nb = wb**2 / np.sum(w[m] ** 2)
            gap = abs(vb - kb)
            low, high = wilson(kb, nb)
            row.update(meanPredicted=vb, observed=kb, gap=gap, low=low, high=high)
            ece += wb / total * gap
            sq += wb / total * gap**2
            if nb >= 2:
                deb += wb / total * (gap**2 - kb * (1 - kb) / (nb - 1))
            mce = max(mce, gap)
        else:
            row.update(meanPredicted=None, observed=None, gap=None, low=None, high=None)
        bins.append(row)
    accuracy = np.sum(w * np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))) / total
    nll = -np.sum(w * (y * log_expit(z) + (1 - y) * log_expit(-z))) / total
    brier = np.sum(w * (expit(z) - y) ** 2) / total
    return {
        "n": int(np.count_nonzero(w)), "weight": total, "view": kind,
        "accuracy": accuracy, "nll": nll, "brier": brier,
        "ece": ece, "rmsce": np.sqrt(sq), "mce": mce, "rmsceDebiased": np.sqrt(max(0.0, deb)), "bins": bins,
    }


def main():
    rng = np.random.default_rng(7)
    cases = []

    # (a) chosen/rejected: a reward model that is right about 75% of the time, scores on a 1/16 grid (some ties).
    n = 600
    rejected = np.round(rng.normal(0, 2, n) * 16) / 16
    chosen = np.round((rejected + rng.normal(1.2, 2.5, n)) * 16) / 16
    ones = np.ones(n)  # labels and weights
    cases.append({
        "name": "chosen/rejected pairs", "pairs": {"chosen": chosen, "rejected": rejected}, "options": {},
        "expected": assess(chosen - rejected, ones, ones),
    })

    # (b) A/B pairs with integer-like scores (ties), soft labels (shares of 4 annotators, 0.5 ties) and weights.
    n = 800
    a = rng.integers(0, 11, n).astype(float)
    b = rng.integers(0, 11, n).astype(float)
    d = a - b
    share = expit(d / 2.5)
    label = rng.binomial(4, share) / 4.0
    label[rng.random(n) < 0.1] = 0.5
    weight = np.where(rng.random(n) < 0.1, 0.0, rng.uniform(0.2, 2.0, n))
    pairs = {"scoreA": a, "scoreB": b, "label": label, "weight": weight}
    for options in (
        {}, {"temperature": 1.7}, {"binning": "quantile"}, {"bins": 10, "binning": "quantile", "temperature": 2.5},
        {"view": "oriented"}, {"view": "oriented", "binning": "quantile", "bins": 20},
    ):
        kw = {"n_bins": options.get("bins", 15), "binning": options.get("binning", "uniform"),
              "kind": options.get("view", "folded"), "temperature": options.get("temperature", 1.0)}
        cases.append({"name": "soft-labelled weighted A/B pairs with ties", "pairs": pairs, "options": options,
                      "expected": assess(d, label, weight, **kw)})
    assert np.count_nonzero(d == 0) > 0 and np.count_nonzero(weight == 0) > 0
    write("assess_pairs.json", {"producedBy": "scripts/reference/assess_pairs.py", "versions": versions(), "z": Z, "cases": cases})


if __name__ == "__main__":
    main()
