"""Reference values for rmcal's beta quantile and Clopper-Pearson intervals (test/lib/uncertainty/beta-distribution.test.ts and clopper-pearson-interval.test.ts).

Run: /usr/bin/python3 scripts/reference/beta_quantiles.py > test/reference-values/beta-quantiles.json
Uses scipy.stats.beta.ppf / beta.cdf (scipy 1.10), including fractional parameters (weighted / soft counts).
"""
import json
import numpy as np
from scipy import stats

cases = []
for a, b in [(1, 1), (0.5, 0.5), (2, 5), (8, 3), (3.7, 11.2), (0.3, 20), (50, 0.8), (400, 600), (1234.5, 87.25), (1e-2, 1)]:
    for p in [1e-8, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999, 1 - 1e-8]:
        cases.append({"p": p, "a": a, "b": b, "ppf": float(stats.beta.ppf(p, a, b))})
cdf = []
for a, b in [(2, 5), (8, 3), (3.7, 11.2), (400, 600), (0.5, 0.5)]:
    for x in [1e-6, 0.01, 0.2, 0.4, 0.5, 0.6, 0.9, 0.999]:
        cdf.append({"x": x, "a": a, "b": b, "cdf": float(stats.beta.cdf(x, a, b))})


def clopper_pearson(observed, n, confidence):
    s = observed * n
    alpha = 1 - confidence
    low = 0.0 if s <= 0 else stats.beta.ppf(alpha / 2, s, n - s + 1)
    high = 1.0 if s >= n else stats.beta.ppf(1 - alpha / 2, s + 1, n - s)
    return float(low), float(high)


intervals = []
for observed, n in [(0.8, 10), (0.0, 10), (1.0, 7), (0.5, 2), (0.37, 100), (0.123, 57.3), (0.9, 1000), (0.55, 3.4)]:
    low, high = clopper_pearson(observed, n, 0.95)
    intervals.append({"observed": observed, "n": n, "confidence": 0.95, "low": low, "high": high})

print(json.dumps({"generator": "scripts/reference/beta_quantiles.py", "scipy": __import__("scipy").__version__,
                  "ppf": cases, "cdf": cdf, "clopperPearson": intervals}, indent=1))
