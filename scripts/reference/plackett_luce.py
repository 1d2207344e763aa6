"""Reference values for K-wise temperature scaling (test/lib/calibrators/fit-choice-temperature.test.ts).

Run: /usr/bin/python3 scripts/reference/plackett_luce.py  (numpy 2.4, scipy 1.17)
Writes test/reference-values/plackett-luce.json: the data sets themselves (numpy-seeded, so the test needs no
Python) and their NLL optima.

Best-of-N: mean over prompts of -log softmax(a*s)[best]; rankings: the Plackett-Luce NLL, the sum over stages t of
-log softmax(a*s[pi_t:])[0] with s in rank order. Both are convex in the inverse temperature a = 1/T and minimized
by scipy.optimize.brentq on the exact derivative (xtol 1e-15), cross-checked with scipy.optimize.minimize_scalar
(bounded) on T. scipy.special.logsumexp does the log-sum-exp.
"""
import csv
import os

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import logsumexp, softmax

from common import write

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def stages(rows, ranked):
    """Each stage as an array of scores with the chosen one first."""
    out = []
    for s in rows:
        s = np.asarray(s, dtype=float)
        for t in range(len(s) - 1 if ranked else 1):
            out.append(s[t:])
    return out


def nll(a, rows, ranked):
    return float(sum(logsumexp(a * st) - a * st[0] for st in stages(rows, ranked)) / len(rows))


def gradient(a, rows, ranked):
    # d/da [logsumexp(a s) - a s_0] = E_softmax[s] - s_0
    return float(sum(softmax(a * st) @ st - st[0] for st in stages(rows, ranked)) / len(rows))


def fit(rows, ranked):
    a = brentq(gradient, 1e-3, 1e3, args=(rows, ranked), xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    bounded = minimize_scalar(lambda t: nll(1 / t, rows, ranked), bounds=(1e-3, 1e3), method="bounded",
                              options={"xatol": 1e-12, "maxiter": 1000})
    accuracy = float(np.mean([1.0 if np.argmax(s) == 0 and np.sum(np.asarray(s) == max(s)) == 1 else
                              (1.0 / np.sum(np.asarray(s) == max(s)) if s[0] == max(s) else 0.0) for s in rows]))
    return {"temperature": 1 / a, "nll": nll(a, rows, ranked), "nllAtOne": nll(1.0, rows, ranked),
            "minimizeScalarTemperature": float(bounded.x), "accuracy": accuracy}


def simulated(seed, n, ranked, true_temperature=1.7):
    """K from 2 to 6 per prompt; scores on a 1/64 grid; the order drawn from Plackett-Luce at true_temperature."""
    rng = np.random.default_rng(seed)
    scores, order = [], []
    for _ in range(n):
        k = int(rng.integers(2, 7))
        s = np.round(rng.normal(0, 2, k) * 64) / 64
        # Gumbel-max sampling of a Plackett-Luce ranking of s / T.
        pi = np.argsort(-(s / true_temperature + rng.gumbel(size=k)), kind="stable")
        scores.append(s.tolist())
        order.append(pi.tolist())
    in_rank_order = [[s[j] for j in pi] for s, pi in zip(scores, order)]
    case = {"scores": scores, **({"ranking": order} if ranked else {"best": [pi[0] for pi in order]})}
    return {"data": case, **fit(in_rank_order, ranked)}


def rewardbench_best_of_4(model):
    """1 chosen against 3 rejected: each row's chosen score against its own rejected score and the rejected scores of
    the next two rows of the same subset (a RewardBench 2-shaped set built from RewardBench 1 pairs)."""
    with open(os.path.join(ROOT, "test/data/rewardbench_rm_scores.csv")) as f:
        rows = list(csv.DictReader(f))
    groups = {}
    for r in rows:
        groups.setdefault(r["subset"], []).append(r)
    sets = []
    for subset in sorted(groups):
        g = groups[subset]
        for i in range(0, len(g) - 2, 3):
            sets.append([float(g[i][f"{model}_chosen_score"])] +
                        [float(g[i + j][f"{model}_rejected_score"]) for j in range(3)])
    return {"prompts": len(sets), **fit(sets, False)}


write("plackett-luce.json", {
    "bestOfN": simulated(16, 400, False),
    "ranking": simulated(17, 300, True),
    "rewardbenchArmoBestOf4": rewardbench_best_of_4("armo"),
})
