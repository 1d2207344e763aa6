"""Reference values for fitTemperature (test/lib/calibrators/fit-temperature.test.ts).

Run: /usr/bin/python3 scripts/reference/temperature.py  (numpy 1.24, scipy 1.10)
Writes test/reference-values/temperature.json.

The NLL of temperature scaling, mean over pairs of softplus(d/T) - y*d/T, is minimized in the inverse
temperature a = 1/T (where it is convex) by scipy.optimize.brentq on its exact derivative with xtol=1e-15,
and cross-checked with scipy.optimize.minimize_scalar(method="bounded") on T.
"""
import csv, json, math, os
import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import expit

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def nll(a, d, y):
    z = a * d
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def gradient(a, d, y):
    return float(np.mean(d * (expit(a * d) - y)))


def fit(d, y):
    lo, hi = 1e-3, 1e3
    g_lo, g_hi = gradient(lo, d, y), gradient(hi, d, y)
    if g_lo >= 0:
        return {"atBound": "upper", "gradientAtLowestA": g_lo}
    if g_hi <= 0:
        return {"atBound": "lower"}
    a = brentq(gradient, lo, hi, args=(d, y), xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    bounded = minimize_scalar(lambda t: nll(1 / t, d, y), bounds=(1e-3, 1e3), method="bounded",
                              options={"xatol": 1e-12, "maxiter": 1000})
    return {"atBound": None, "temperature": 1 / a, "inverseTemperature": a, "nll": nll(a, d, y),
            "nllAtOne": nll(1.0, d, y), "minimizeScalarTemperature": float(bounded.x)}


def imdb():
    with open(os.path.join(ROOT, "test/data/imdb_test_binary.csv")) as f:
        rows = list(csv.DictReader(f))
    d = np.array([float(r["logit_1_vs_0"]) for r in rows])
    y = np.array([float(r["label"]) for r in rows])
    return {"n": len(d), **fit(d, y)}


def llmbar(evaluator):
    with open(os.path.join(ROOT, "examples/data/llmbar_rating_pairs.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["evaluator"] == evaluator]
    d = np.array([float(r["score_1"]) - float(r["score_2"]) for r in rows])
    y = np.array([1.0 if r["gold_label"] == "1" else 0.0 for r in rows])
    accuracy = float(np.mean(np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))))
    # The unconstrained optimum of a (may be <= 0: no usable signal), over a wide bracket.
    a_free = brentq(gradient, -10, 10, args=(d, y), xtol=1e-15)
    return {"n": len(d), "accuracy": accuracy, "unconstrainedInverseTemperature": a_free, **fit(d, y)}


out = {"imdb": imdb(), "llmbarChatGPT": llmbar("ChatGPT"), "llmbarGPT4": llmbar("GPT-4")}
path = os.path.join(ROOT, "test/reference-values/temperature.json")
with open(path, "w") as f:
    json.dump(out, f, indent=2)
print(json.dumps(out, indent=2))
