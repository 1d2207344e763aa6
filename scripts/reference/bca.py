"""BCa, percentile and basic bounds from scipy 1.17's own code, for test/lib/uncertainty/bootstrap-interval.test.ts.

scipy.stats.bootstrap draws its own resamples, so the test feeds scipy's internal _bca_interval our resampled
values and jackknife values instead: the "data" are the jackknife indices, and the statistic of a leave-one-out
sample returns the jackknife value of the index left out (of the full sample, the estimate). The bounds are then
taken with np.percentile (linear), as scipy.stats.bootstrap does.

Run: python3 scripts/reference/bca.py
"""
import json
import numpy as np
from scipy.stats import _resampling as r
from scipy._lib._array_api import array_namespace

R, J = 400, 23
distribution = np.array([((k * 7919) % 1000 / 1000) ** 2 for k in range(R)])
jackknife = np.array([0.2 + 0.1 * (((i * 37) % J) / J) ** 3 for i in range(J)])
estimate = 0.3


def statistic(idx, axis=-1):
    idx = np.asarray(idx)
    if idx.shape[-1] == J:
        return np.full(idx.shape[:-1], estimate)
    missing = J * (J - 1) // 2 - idx.sum(axis=-1)
    return jackknife[missing.astype(int)]


out = {}
for confidence in (0.8, 0.9, 0.95):
    alpha = (1 - confidence) / 2
    xp = array_namespace(distribution)
    a1, a2, a_hat = r._bca_interval((np.arange(J, dtype=float),), statistic, -1, alpha, distribution, None, xp=xp)
    low, high = np.percentile(distribution, [float(a1) * 100, float(a2) * 100])
    out[str(confidence)] = {
        "bca": [float(low), float(high)], "acceleration": float(a_hat),
        "percentile": [float(x) for x in np.percentile(distribution, [alpha * 100, (1 - alpha) * 100])],
        "basic": [float(2 * estimate - np.percentile(distribution, (1 - alpha) * 100)),
                  float(2 * estimate - np.percentile(distribution, alpha * 100))],
    }
print(json.dumps(out, indent=1))
