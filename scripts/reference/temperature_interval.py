"""Reference values for the parameter intervals of fitTemperature and fitPlatt (docs/DESIGN.md §6.7), used by
test/lib/calibrators/temperature-interval.test.ts and test/lib/calibrators/platt-covariance.test.ts.

Run: python3 scripts/reference/temperature_interval.py  (numpy 2.4.6, scipy 1.17.1)
Writes test/reference-values/parameter-intervals.json.

Temperature, without clusters: the likelihood-ratio interval in a = 1/T. N(a) = sum of w*(softplus(a*d) - y*a*d)
(weights as frequency weights); a_hat from scipy.optimize.minimize_scalar (bounded, in a) polished by brentq on
the exact derivative; the roots of N(a) - N(a_hat) - chi2.ppf(confidence, 1)/2 by brentq on each side (xtol
1e-15); T = [1/a_high, 1/a_low], and T_high = inf when N(0) is within the cut-off. At a bound of the fit (the
ChatGPT ratings, a_hat = 1/1000) the reference point is the bound, as rmcal documents.
Temperature with clusters: Var(a) = G/(G-1) * sum_g s_g^2 / H^2, s_g = sum over the cluster of w*d*(p - y).
Platt: (alpha, beta) by scipy.optimize.minimize(trust-exact) on the weighted NLL sum; covariance inv(X'WX) with
X = [d, 1], W = w*p*(1 - p); with clusters inv(H) M inv(H), M = G/(G-1) sum_g s_g s_g'.
The simulated pairs (seeded numpy) are written into the JSON too, so the tests read the very same numbers.
"""
import csv, os
import numpy as np
from scipy.optimize import brentq, minimize, minimize_scalar
from scipy.special import expit
from scipy.stats import chi2, norm

import scipy

from common import write

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def nll_sum(a, d, y, w):
    z = a * d
    return float(np.sum(w * (np.logaddexp(0.0, z) - y * z)))


def gradient(a, d, y, w):
    return float(np.sum(w * d * (expit(a * d) - y)))


def a_hat(d, y, w):
    bounded = minimize_scalar(lambda a: nll_sum(a, d, y, w), bounds=(1e-3, 1e3), method="bounded",
                              options={"xatol": 1e-12})
    x = float(bounded.x)
    return brentq(gradient, x / 2, x * 2, args=(d, y, w), xtol=1e-15, rtol=4 * np.finfo(float).eps)


def profile_interval(d, y, w, a, confidence):
    cut = nll_sum(a, d, y, w) + chi2.ppf(confidence, 1) / 2
    f = lambda x: nll_sum(x, d, y, w) - cut
    a_low = 0.0 if f(0.0) <= 0 else brentq(f, 0.0, a, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    hi = 2 * a
    while f(hi) <= 0:
        hi *= 2
    a_high = brentq(f, a, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    return {"aLow": a_low, "aHigh": a_high, "low": 1 / a_high, "high": (1 / a_low) if a_low > 0 else None}


def sandwich_temperature(d, y, w, g, a, confidence):
    p = expit(a * d)
    s = np.bincount(g, weights=w * d * (p - y))
    present = np.bincount(g, weights=(w != 0).astype(float)) > 0
    G = int(present.sum())
    h = float(np.sum(w * d * d * p * (1 - p)))
    var = G / (G - 1) * float(np.sum(s[present] ** 2)) / h ** 2
    z = norm.ppf((1 + confidence) / 2)
    lo, hi = a - z * np.sqrt(var), a + z * np.sqrt(var)
    return {"se": float(np.sqrt(var)), "low": 1 / hi, "high": (1 / lo) if lo > 0 else None}


def platt(d, y, w, g=None, confidence=0.95):
    X = np.column_stack([d, np.ones_like(d)])

    def fun(p):
        z = X @ p
        return float(np.sum(w * (np.logaddexp(0.0, z) - y * z)))

    def jac(p):
        return X.T @ (w * (expit(X @ p) - y))

    def hess(p):
        q = expit(X @ p)
        return X.T @ (X * (w * q * (1 - q))[:, None])

    res = minimize(fun, x0=[1.0, 0.0], jac=jac, hess=hess, method="trust-exact", options={"gtol": 1e-12})
    p = res.x
    H = hess(p)
    cov = np.linalg.inv(H)
    out = {"scale": p[0], "bias": p[1], "covariance": cov}
    if g is not None:
        u = X * (w * (expit(X @ p) - y))[:, None]
        S = np.column_stack([np.bincount(g, weights=u[:, 0]), np.bincount(g, weights=u[:, 1])])
        G = S.shape[0]
        M = G / (G - 1) * S.T @ S
        out["clusterCovariance"] = cov @ M @ cov
    z = norm.ppf((1 + confidence) / 2)
    se = np.sqrt(out.get("clusterCovariance", cov)[1, 1])
    out["betaInterval"] = [p[1] - z * se, p[1] + z * se]
    return out


def llmbar(evaluator):
    with open(os.path.join(ROOT, "examples/data/llmbar_rating_pairs.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["evaluator"] == evaluator]
    d = np.array([float(r["score_1"]) - float(r["score_2"]) for r in rows])
    y = np.array([1.0 if r["gold_label"] == "1" else 0.0 for r in rows])
    return d, y, np.ones_like(d)


def simulated():
    rng = np.random.default_rng(20261202)
    G, per = 60, 5
    g = np.repeat(np.arange(G), per)
    difficulty = rng.normal(0, 0.8, G)[g]
    d = np.round(rng.normal(0.5, 2.0, G * per), 3)
    y = (rng.random(G * per) < expit(d / 1.7 + 0.3 + difficulty)).astype(float)
    w = np.round(rng.uniform(0.5, 2.0, G * per), 2)
    return d, y, w, g


out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}}
d, y, w = llmbar("GPT-4")
a = a_hat(d, y, w)
out["llmbarGPT4"] = {"aHat": a, "temperature": 1 / a, "interval95": profile_interval(d, y, w, a, 0.95),
                     "interval80": profile_interval(d, y, w, a, 0.8), "platt": platt(d, y, w)}
d, y, w = llmbar("ChatGPT")
out["llmbarChatGPT"] = {"interval95": profile_interval(d, y, w, 1e-3, 0.95)}
d, y, w, g = simulated()
a = a_hat(d, y, w)
out["simulated"] = {
    "margin": d, "label": y, "weight": w, "cluster": g, "aHat": a, "temperature": 1 / a,
    "interval95": profile_interval(d, y, w, a, 0.95), "interval99": profile_interval(d, y, w, a, 0.99),
    "sandwich95": sandwich_temperature(d, y, w, g, a, 0.95), "platt": platt(d, y, w, g),
}
write("parameter-intervals.json", out)
