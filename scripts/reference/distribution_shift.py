"""Reference KS statistics (scipy.stats.ks_2samp) and PSI (numpy) for test/lib/diagnostics/distribution-shift.test.ts.

PSI = Σ_b (q_b − p_b)·ln(q_b/p_b) over bins (−∞, e_1], (e_1, e_2], …, (e_9, ∞) with e = numpy.percentile of the
calibration sample at 10, 20, …, 90 (linear), shares floored at 1e-4.
Run: /usr/bin/python3 scripts/reference/distribution_shift.py > test/reference-values/distribution-shift.json
"""
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)


def psi(expected, actual, bins=10):
    edges = np.percentile(expected, np.linspace(0, 100, bins + 1))[1:-1]
    p = np.bincount(np.searchsorted(edges, expected, "left"), minlength=bins) / len(expected)
    q = np.bincount(np.searchsorted(edges, actual, "left"), minlength=bins) / len(actual)
    p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
    return float(np.sum((q - p) * np.log(q / p)))


cases = []
for name, a, b in [
    ("normal-shift", rng.normal(0, 1, 500), rng.normal(0.5, 1.3, 300)),
    ("same", rng.normal(0, 1, 200), rng.normal(0, 1, 250)),
    ("integer-ties", rng.integers(-5, 6, 400).astype(float), rng.integers(-3, 9, 350).astype(float)),
]:
    cases.append({"name": name, "calibration": a.tolist(), "deployment": b.tolist(),
                  "ks": float(stats.ks_2samp(a, b).statistic), "psi": psi(a, b)})
print(json.dumps({"generator": "scripts/reference/distribution_shift.py", "cases": cases}))
