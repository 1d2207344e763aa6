"""Reference smooth ECE by the published definition, computed directly (no grid for the data, no truncation).

Błasiok & Nakkiran, "Smooth ECE: Principled Reliability Diagrams via Kernel Smoothing" (ICLR 2024):
  r̂_σ(t) = Σ_i w_i (v_i − k_i) K̃_σ(t, v_i) / Σ_i w_i,   smECE_σ = ∫_lower^upper |r̂_σ(t)| dt,
with K̃_σ the Gaussian density of standard deviation σ reflected at both ends of [lower, upper] (all images
x + 2jL and 2·lower − x + 2jL, L = upper − lower, for |j| ≤ 2), and the bandwidth the fixed point σ* = smECE_σ*
found by bisection on [L·1e-3, L] to 1e-10 (returning the end of the bracket where σ ≥ smECE_σ, as relplot's
search_param does). The integral is Simpson's rule on 8001 points.
Values v and outcomes k follow rmcal's views: oriented v = σ(d/T), k = y on [0, 1];
folded v = σ(|d|/T), k = y if d > 0, 1 − y if d < 0, ½ if d = 0, on [0.5, 1].

Run: /usr/bin/python3 scripts/reference/smooth_ece.py > test/reference-values/smooth-ece.json
"""
import csv
import json
import numpy as np
from scipy.integrate import simpson


def values_outcomes(margin, label, view, temperature=1.0):
    d = np.asarray(margin, float)
    y = np.asarray(label, float)
    if view == "oriented":
        return 1 / (1 + np.exp(-d / temperature)), y
    v = 1 / (1 + np.exp(-np.abs(d) / temperature))
    k = np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))
    return v, k


def smece_sigma(v, k, w, sigma, lower, upper, t):
    L = upper - lower
    share = w / w.sum()
    r = np.zeros_like(t)
    for j in range(-2, 3):
        for image in (v + 2 * j * L, 2 * lower - v + 2 * j * L):
            z = (t[:, None] - image[None, :]) / sigma
            r += (np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * sigma)) @ (share * (v - k))
    return simpson(np.abs(r), x=t)


def smooth_ece(v, k, w, lower, upper):
    L = upper - lower
    t = np.linspace(lower, upper, 8001)
    f = lambda s: smece_sigma(v, k, w, s, lower, upper, t)
    lo, hi = 1e-3 * L, L
    if lo >= f(lo):
        return f(lo), lo
    if hi < f(hi):
        return f(hi), hi
    while hi - lo > 1e-10:
        mid = 0.5 * (lo + hi)
        if mid >= f(mid):
            hi = mid
        else:
            lo = mid
    return f(hi), hi


rng = np.random.default_rng(20231)
cases = []

# Synthetic: an overconfident scorer (true P = σ(d/2)), 600 pairs.
d = rng.normal(0, 2.5, 600)
y = (rng.random(600) < 1 / (1 + np.exp(-d / 2))).astype(float)
cases.append({"name": "overconfident", "margin": d.tolist(), "label": y.tolist(), "weight": None})
# Synthetic: nearly calibrated with soft labels and weights, 400 pairs.
d2 = rng.normal(0.3, 1.5, 400)
y2 = np.clip(1 / (1 + np.exp(-d2)) + rng.normal(0, 0.15, 400), 0, 1)
w2 = rng.uniform(0.2, 2.0, 400)
cases.append({"name": "soft-weighted", "margin": d2.tolist(), "label": y2.tolist(), "weight": w2.tolist()})
# Real: LLMBar, GPT-4 rating judge (first evaluator/strategy pair with GPT-4), margin score_1 − score_2.
with open("examples/data/llmbar_rating_pairs.csv") as fh:
    rows = [r for r in csv.DictReader(fh) if r["evaluator"] == "GPT-4"]
strategy = sorted({r["strategy"] for r in rows})[0]
rows = [r for r in rows if r["strategy"] == strategy]
cases.append({"name": f"llmbar GPT-4 {strategy}", "margin": [float(r["score_1"]) - float(r["score_2"]) for r in rows],
              "label": [1.0 if r["gold_label"] == "1" else 0.0 for r in rows], "weight": None, "temperature": 2.0})

for case in cases:
    w = np.ones(len(case["margin"])) if case["weight"] is None else np.asarray(case["weight"])
    for view, lower in (("oriented", 0.0), ("folded", 0.5)):
        v, k = values_outcomes(case["margin"], case["label"], view, case.get("temperature", 1.0))
        value, sigma = smooth_ece(v, k, w, lower, 1.0)
        case[view] = {"smece": float(value), "bandwidth": float(sigma)}

print(json.dumps({"generator": "scripts/reference/smooth_ece.py", "numpy": np.__version__, "cases": cases}))
