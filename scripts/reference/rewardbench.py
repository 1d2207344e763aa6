"""Reference values for the RewardBench reward-model test (test/datasets/rewardbench.test.ts).

Run: /usr/bin/python3 scripts/reference/rewardbench.py  (numpy 1.24, scipy 1.10)
Writes test/reference-values/rewardbench.json.

For each of the four reward models in test/data/rewardbench_rm_scores.csv (chosen/rejected scores, every label 1):
pair accuracy with ties counted 1/2, the mean NLL at T = 1, and the NLL-optimal temperature found by
scipy.optimize.brentq on the exact derivative in a = 1/T (xtol 1e-15) within T in [1e-3, 1e3], or the bound the
optimum lies beyond. The unconstrained optimum of a over a wide bracket shows the sign of the signal.
"""
import csv, json, os
import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
MODELS = ["deberta", "armo", "zephyr", "qwen"]


def nll(a, d):
    return float(np.mean(np.logaddexp(0.0, -a * d)))  # every label is 1


def gradient(a, d):
    return float(np.mean(d * (expit(a * d) - 1.0)))


def model(rows, name):
    d = np.array([float(r[f"{name}_chosen_score"]) - float(r[f"{name}_rejected_score"]) for r in rows])
    accuracy = float(np.mean(np.where(d > 0, 1.0, np.where(d < 0, 0.0, 0.5))))
    out = {"n": len(d), "accuracy": accuracy, "nllAtOne": nll(1.0, d)}
    lo, hi = 1e-3, 1e3
    if gradient(lo, d) >= 0:
        out["atBound"] = "upper"
        out["unconstrainedInverseTemperature"] = brentq(gradient, -1e4, lo, args=(d,), xtol=1e-15)
    elif gradient(hi, d) <= 0:
        out["atBound"] = "lower"
    else:
        a = brentq(gradient, lo, hi, args=(d,), xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
        out.update({"atBound": None, "temperature": 1 / a, "nll": nll(a, d)})
    return out


with open(os.path.join(ROOT, "test/data/rewardbench_rm_scores.csv")) as f:
    rows = list(csv.DictReader(f))
result = {name: model(rows, name) for name in MODELS}
with open(os.path.join(ROOT, "test/reference-values/rewardbench.json"), "w") as f:
    json.dump(result, f, indent=2)
print(json.dumps(result, indent=2))
