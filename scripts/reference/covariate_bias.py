"""Reference values for the covariate (length) bias check (test/lib/diagnostics/covariate-bias.test.ts).

Run: /usr/bin/python3 scripts/reference/covariate_bias.py  (numpy, scipy)
Writes test/reference-values/covariate-bias.json.

On test/data/simulated_length_bias.csv (margin d = score_a - score_b, label, covariate difference len_a - len_b),
from the definitions of docs/DESIGN.md §7.6 and independent of rmcal's code:
- scipy.stats.pearsonr and scipy.stats.spearmanr of d and the difference;
- accuracy of the model (ties 1/2) and of "the longer response wins" (difference 0: 1/2), the share where both signs
  agree, the share of zero differences;
- bins at numpy.percentile(difference, linspace(0, 1, B + 1) * 100), a pair in bin k when e_k < x <= e_{k+1}
  (numpy.searchsorted(inner edges, x, "left")), for B = 5 and B = 3: per bin n, accuracy, mean NLL, mean
  confidence sigma(|d|) and the folded ECE of 15 uniform bins on [0.5, 1] (scikit-learn's bin rule).
"""
import csv
import os

import numpy as np
from scipy.special import expit
from scipy.stats import pearsonr, spearmanr

from common import write

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def correctness(sign, y):
    return np.where(sign > 0, y, np.where(sign < 0, 1 - y, 0.5))


def folded_ece(d, y, bins=15):
    confidence = expit(np.abs(d))
    correct = correctness(d, y)
    index = np.searchsorted(np.linspace(0.5, 1.0, bins + 1)[1:-1], confidence, side="left")
    return sum((index == b).mean() * abs(confidence[index == b].mean() - correct[index == b].mean())
               for b in range(bins) if (index == b).any())


def binned(d, y, x, bins):
    edges = np.percentile(x, np.linspace(0, 1, bins + 1) * 100)  # scikit-learn's quantile edges
    index = np.searchsorted(edges[1:-1], x, side="left")
    out = []
    for k in range(bins):
        m = index == k
        if not m.any():
            continue
        out.append({
            "lower": edges[k], "upper": edges[k + 1], "n": int(m.sum()),
            "accuracy": float(correctness(d[m], y[m]).mean()),
            "nll": float(np.mean(y[m] * np.logaddexp(0, -d[m]) + (1 - y[m]) * np.logaddexp(0, d[m]))),
            "meanPredicted": float(expit(np.abs(d[m])).mean()),
            "ece": folded_ece(d[m], y[m]),
        })
    return out


with open(os.path.join(ROOT, "test/data/simulated_length_bias.csv")) as f:
    rows = list(csv.DictReader(f))
d = np.array([float(r["score_a"]) - float(r["score_b"]) for r in rows])
y = np.array([float(r["label"]) for r in rows])
x = np.array([float(r["len_a"]) - float(r["len_b"]) for r in rows])
result = {
    "n": len(d),
    "pearson": pearsonr(d, x)[0],
    "spearman": spearmanr(d, x)[0],
    "accuracy": float(correctness(d, y).mean()),
    "baselineAccuracy": float(correctness(x, y).mean()),
    "agreement": float(np.mean(((x > 0) & (d > 0)) | ((x < 0) & (d < 0)))),
    "tiedShare": float(np.mean(x == 0)),
    "differenceBins": binned(d, y, x, 5),
    "terciles": binned(d, y, x, 3),
}
write("covariate-bias.json", result)
print({k: v for k, v in result.items() if not isinstance(v, list)})
for b in result["differenceBins"]:
    print(b)
