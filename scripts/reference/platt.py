"""Reference values for fitPlatt (test/lib/calibrators/fit-platt.test.ts).

Run: /usr/bin/python3 scripts/reference/platt.py  (numpy 1.24, scipy 1.10)
Writes test/reference-values/platt.json: the (alpha, beta) minimizing the mean NLL of sigma(alpha*d + beta)
against the labels as oriented, by scipy.optimize.minimize(method="trust-exact") with the exact gradient and
Hessian and gtol=1e-13, for IMDB logits and LLMBar GPT-4 ratings (label 1 when output 1 is gold).
"""
import csv, json, os
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def fit(d, y):
    def nll(p):
        z = p[0] * d + p[1]
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    def grad(p):
        r = expit(p[0] * d + p[1]) - y
        return np.array([np.mean(r * d), np.mean(r)])

    def hess(p):
        q = expit(p[0] * d + p[1])
        s = q * (1 - q)
        return np.array([[np.mean(s * d * d), np.mean(s * d)], [np.mean(s * d), np.mean(s)]])

    res = minimize(nll, x0=[1.0, 0.0], jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-13})
    return {"scale": float(res.x[0]), "bias": float(res.x[1]), "nll": float(res.fun), "nllBefore": nll([1.0, 0.0]),
            "gradientNorm": float(np.linalg.norm(grad(res.x)))}


with open(os.path.join(ROOT, "test/data/imdb_test_binary.csv")) as f:
    rows = list(csv.DictReader(f))
imdb = fit(np.array([float(r["logit_1_vs_0"]) for r in rows]), np.array([float(r["label"]) for r in rows]))
with open(os.path.join(ROOT, "examples/data/llmbar_rating_pairs.csv")) as f:
    rows = [r for r in csv.DictReader(f) if r["evaluator"] == "GPT-4"]
gpt4 = fit(np.array([float(r["score_1"]) - float(r["score_2"]) for r in rows]),
           np.array([1.0 if r["gold_label"] == "1" else 0.0 for r in rows]))
out = {"imdb": imdb, "llmbarGPT4": gpt4}
with open(os.path.join(ROOT, "test/reference-values/platt.json"), "w") as f:
    json.dump(out, f, indent=2)
print(json.dumps(out, indent=2))
