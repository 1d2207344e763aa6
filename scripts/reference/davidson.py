"""Reference values for the Davidson tie model (test/lib/calibrators/fit-davidson.test.ts).

Run: python3 scripts/reference/davidson.py  (numpy 2.4.6, scipy 1.17.1, Python 3.11)
Writes test/reference-values/davidson.json:
- "simulated": 3,000 three-outcome pairs drawn with numpy (seed 16) from the Davidson model with T = 2, nu = 0.8
  (margins N(0, 3^2)), and their maximum-likelihood (1/T, ln nu);
- "llmbarTies": for each verdict strategy of examples/data/llmbar_tie_outcomes.csv (built by
  scripts/make-llmbar-ties.mjs), the maximum-likelihood (1/T, ln nu) and the 95% Wald interval of nu computed on
  ln nu, with the Hessian as the finite difference of the analytic gradient.
The NLL is written here in Davidson's own form, independently of assembly/davidson.ts:
  p = expit(a*d), s = sqrt(p(1-p)), P(A) = p/(1 + nu*s), P(B) = (1-p)/(1 + nu*s), P(tie) = nu*s/(1 + nu*s),
and minimized with scipy.optimize.minimize(method="trust-exact", gtol=1e-12) over (a, ln nu).
"""
import csv
import os

import numpy as np
from scipy.optimize import minimize, approx_fprime
from scipy.special import expit, log_expit
from scipy.stats import norm

import scipy

from common import write

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def nll(params, d, y):
    a, lam = params
    z = a * d
    logp, logq = log_expit(z), log_expit(-z)
    log_s = 0.5 * (logp + logq)
    log_norm = np.logaddexp(0.0, lam + log_s)
    ll = np.where(y == 1, logp, np.where(y == 0, logq, lam + log_s)) - log_norm
    return float(-np.sum(ll))


def grad(params, d, y):
    a, lam = params
    p = expit(a * d)
    s = np.sqrt(p * (1 - p))
    nu = np.exp(lam)
    share = nu * s / (1 + nu * s)
    # d/da of log p, log(1-p), log s; d/da log(1 + nu*s) = share * (1 - 2p) d / 2
    dlogp, dlogq = (1 - p) * d, -p * d
    dlogs = 0.5 * (1 - 2 * p) * d
    dll_a = np.where(y == 1, dlogp, np.where(y == 0, dlogq, dlogs)) - share * dlogs
    dll_l = np.where(y == 0.5, 1.0, 0.0) - share
    return -np.array([np.sum(dll_a), np.sum(dll_l)])


def fit(d, y):
    ties = np.mean(y == 0.5)
    x0 = [0.0, float(np.log(2 * ties / (1 - ties)))]
    hess = lambda p, *_: np.array([approx_fprime(p, lambda q: grad(q, d, y)[k], 1e-7) for k in range(2)])
    res = minimize(nll, x0=x0, args=(d, y), jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-12})
    a, lam = res.x
    cov = np.linalg.inv(hess(res.x))
    half = norm.ppf(0.975) * np.sqrt(cov[1, 1])
    return {"inverseTemperature": a, "lnNu": lam, "nu": float(np.exp(lam)), "nll": res.fun / len(d),
            "nuLow": float(np.exp(lam - half)), "nuHigh": float(np.exp(lam + half)),
            "gradientNorm": float(np.linalg.norm(grad(res.x, d, y))), "n": len(d), "ties": int(np.sum(y == 0.5))}


rng = np.random.default_rng(16)
d = rng.normal(0.0, 3.0, 3000)
p = expit(d / 2.0)
s = np.sqrt(p * (1 - p))
den = 1 + 0.8 * s
u = rng.random(3000)
y = np.where(u < p / den, 1.0, np.where(u < (p + 0.8 * s) / den, 0.5, 0.0))
simulated = {"margin": d, "label": y, "truth": {"temperature": 2.0, "nu": 0.8}, "fit": fit(d, y)}

with open(os.path.join(ROOT, "examples/data/llmbar_tie_outcomes.csv")) as f:
    rows = list(csv.DictReader(f))
llmbar = {}
for strategy in sorted({r["verdict_strategy"] for r in rows}):
    sel = [r for r in rows if r["verdict_strategy"] == strategy]
    md = np.array([float(r["score_1"]) - float(r["score_2"]) for r in sel])
    my = np.array([float(r["outcome"]) for r in sel])
    llmbar[strategy] = fit(md, my)

write("davidson.json", {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "simulated": simulated, "llmbarTies": llmbar})
for k, v in llmbar.items():
    print(k, {key: v[key] for key in ("inverseTemperature", "nu", "nuLow", "nuHigh", "nll", "gradientNorm")})
print("simulated", simulated["fit"])
