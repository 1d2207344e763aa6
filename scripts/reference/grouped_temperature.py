"""Reference values for the grouped temperatures on RewardBench (test/datasets/rewardbench-groups.test.ts).

Run: /usr/bin/python3 scripts/reference/grouped_temperature.py  (numpy, scipy)
Writes test/reference-values/grouped-temperature.json.

Independent of rmcal's code, from the definitions of docs/DESIGN.md §5.14:
- each fit: the NLL-optimal a = 1/T by scipy.optimize.brentq on the exact derivative within T in [1e-3, 1e3], or the
  bound the optimum lies beyond (every label is 1: chosen/rejected pairs);
- each group's standard error of a: 1/sqrt(H), H = sum d^2 s(1 - s) at its a (s = expit(a d));
- tau^2 by DerSimonian-Laird around the global a: max(0, (Q - (G - 1)) / (S1 - S2/S1)), w = 1/se^2;
- pooled a_g = a + B_g (a_g - a), B_g = tau^2 / (tau^2 + se_g^2);
- 5 folds from rmcal's seeded shuffle (mulberry32 Fisher-Yates, seed 0, re-implemented here), each fold predicted
  by the fits of the other four: mean NLL and the folded ECE (15 uniform bins on [0.5, 1], sklearn's bin rule,
  correctness 1/2 for a zero margin) of the global, unpooled and pooled temperatures.
"""
import csv
import os

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from common import write

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
MODELS = ["deberta", "armo", "zephyr", "qwen"]
LO, HI = 1e-3, 1e3  # bounds of a = 1/T
M = 0xFFFFFFFF


def gradient(a, d):
    return float(np.sum(d * (expit(a * d) - 1.0)))


def fit_a(d):
    """The bounded NLL optimum of a, as fitTemperature: separable data stop at a = 1/1e-3, chance at a = 1/1e3."""
    if np.all(d[d != 0] > 0) and np.any(d != 0):
        return 1 / LO
    if gradient(1 / HI, d) >= 0:
        return 1 / HI
    if gradient(1 / LO, d) <= 0:
        return 1 / LO
    return brentq(gradient, 1 / HI, 1 / LO, args=(d,), xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)


def standard_error(a, d):
    s = expit(a * d)
    h = float(np.sum(d * d * s * (1 - s)))
    return 1 / np.sqrt(h) if h > 0 else np.inf


def grouped(d, groups):
    a0 = fit_a(d)
    names = list(dict.fromkeys(groups))
    own = {g: fit_a(d[groups == g]) for g in names}
    se = {g: standard_error(own[g], d[groups == g]) for g in names}
    w = np.array([1 / se[g] ** 2 for g in names if np.isfinite(se[g])])
    x = np.array([own[g] for g in names if np.isfinite(se[g])])
    q = float(np.sum(w * (x - a0) ** 2))
    denominator = w.sum() - (w * w).sum() / w.sum()
    tau2 = max(0.0, (q - (len(w) - 1)) / denominator) if len(w) >= 2 else 0.0
    keep = {g: tau2 / (tau2 + se[g] ** 2) if np.isfinite(se[g]) else 0.0 for g in names}
    pooled = {g: a0 + keep[g] * (own[g] - a0) for g in names}
    return a0, own, se, tau2, keep, pooled


def mulberry32(seed):
    state = seed & M

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296

    return draw


def folds_of(n, k, seed):
    draw = mulberry32(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(np.floor(draw() * (i + 1)))
        order[i], order[j] = order[j], order[i]
    fold = np.empty(n, dtype=int)
    for position, unit in enumerate(order):
        fold[unit] = position % k
    return fold


def nll(z):
    return float(np.mean(np.logaddexp(0.0, -z)))


def folded_ece(z, bins=15):
    confidence = expit(np.abs(z))
    correct = np.where(z > 0, 1.0, np.where(z < 0, 0.0, 0.5))
    edges = np.linspace(0.5, 1.0, bins + 1)
    index = np.searchsorted(edges[1:-1], confidence, side="left")
    ece = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            ece += members.mean() * abs(confidence[members].mean() - correct[members].mean())
    return ece


def cross_fit(d, groups, k=5, seed=0):
    fold = folds_of(len(d), k, seed)
    z = {"global": np.empty(len(d)), "unpooled": np.empty(len(d)), "pooled": np.empty(len(d))}
    for f in range(k):
        train, held = fold != f, fold == f
        a0, own, _, _, _, pooled = grouped(d[train], groups[train])
        for i in np.flatnonzero(held):
            g = groups[i]
            # T = 1/a and d/T, as rmcal stores T and divides (the printed values agree to ~1e-12 either way).
            z["global"][i] = d[i] / (1 / a0)
            z["unpooled"][i] = d[i] / (1 / own.get(g, a0))
            z["pooled"][i] = d[i] / (1 / pooled.get(g, a0))
    return {name: {"nll": nll(v), "ece": folded_ece(v)} for name, v in z.items()}


with open(os.path.join(ROOT, "test/data/rewardbench_rm_scores.csv")) as f:
    rows = list(csv.DictReader(f))
groups = np.array([r["subset"] for r in rows])
result = {}
for name in MODELS:
    d = np.array([float(r[f"{name}_chosen_score"]) - float(r[f"{name}_rejected_score"]) for r in rows])
    a0, own, se, tau2, keep, pooled = grouped(d, groups)
    result[name] = {
        "globalTemperature": 1 / a0, "betweenGroupVariance": tau2,
        "groups": [{"group": g, "unpooledTemperature": 1 / own[g], "standardError": se[g], "keep": keep[g],
                    "pooledTemperature": 1 / pooled[g]} for g in own],
        "crossFit": cross_fit(d, groups),
    }
write("grouped-temperature.json", result)
for name, r in result.items():
    print(name, {k: {m: round(v, 4) for m, v in x.items()} for k, x in r["crossFit"].items()}, "tau2", r["betweenGroupVariance"])
