"""Python anchors for rmcal's benchmark: the same work done with numpy, scikit-learn and scipy, on the same bytes.

Run by bench/run.mjs as: /usr/bin/python3 bench/anchors.py <dataDir> <n> <runs> <only,comma,separated>
Reads margin.f64, label.f64 and prob.f64 (raw little-endian float64) and prints one JSON object:
{ name: { "times": [wall ms...], "cpuTimes": [process CPU ms...], "result": ... } }. Each anchor is warmed up once on the first 10**5 rows.
"""
import json
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize_scalar
from scipy.special import log_expit, logsumexp
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression

BINS = 15
GRID = -8 + 16 * np.arange(101) / 100  # bench/tasks.mjs ISOTONIC_GRID


def numpy_sum(d):
    return float(np.sum(d["prob"]))


def numpy_ece(d):
    """15-bin ECE, vectorized: sklearn's bin rule (searchsorted on inner edges), then three bincounts."""
    y_true, y_prob = d["label"], d["prob"]
    bins = np.linspace(0.0, 1.0, BINS + 1)
    binids = np.searchsorted(bins[1:-1], y_prob)
    bin_sums = np.bincount(binids, weights=y_prob, minlength=BINS)
    bin_true = np.bincount(binids, weights=y_true, minlength=BINS)
    bin_total = np.bincount(binids, minlength=BINS)
    nonzero = bin_total != 0
    return float(np.sum(np.abs(bin_sums[nonzero] - bin_true[nonzero])) / len(y_prob))


def sklearn_curve(d):
    prob_true, _ = calibration_curve(d["label"], d["prob"], n_bins=BINS)
    return float(np.sum(prob_true))


def scipy_temperature(d):
    """Temperature by NLL, the usual scipy recipe: bounded Brent on T of the mean −log-likelihood."""
    margin, label = d["margin"], d["label"]

    def nll(t):
        z = margin / t
        return -np.mean(label * log_expit(z) + (1 - label) * log_expit(-z))

    result = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded", options={"xatol": 1e-8})
    return float(result.x)


def scipy_davidson(d):
    """The Davidson tie model by scipy: trust-exact on (1/T, ln nu) with the analytic gradient and Hessian of the
    softmax form; labels as bench/tasks.mjs threeOutcomes makes them (every fifth a tie)."""
    from scipy.optimize import minimize
    margin = d["margin"]
    idx = np.arange(len(margin))
    y = np.where(idx % 5 == 0, 0.5, np.where(d["label"] >= 0.5, 1.0, 0.0))
    phi_obs_a = np.where(y == 1, margin / 2, np.where(y == 0, -margin / 2, 0.0))
    tie = (y == 0.5).astype(float)

    def parts(p):
        z = p[0] * margin
        logits = np.stack([z / 2, -z / 2, np.full_like(z, p[1])])
        log_d = np.logaddexp.reduce(logits, axis=0)
        q = np.exp(logits - log_d)
        return z, log_d, q

    def nll(p):
        z, log_d, _ = parts(p)
        observed = np.where(y == 1, z / 2, np.where(y == 0, -z / 2, p[1]))
        return float(np.sum(log_d - observed))

    def grad(p):
        _, _, q = parts(p)
        diff = q[0] - q[1]
        return np.array([np.sum(diff * margin / 2 - phi_obs_a), np.sum(q[2] - tie)])

    def hess(p):
        _, _, q = parts(p)
        diff, half = q[0] - q[1], margin / 2
        haa = np.sum(half * half * ((1 - q[2]) - diff * diff))
        hal = -np.sum(half * diff * q[2])
        return np.array([[haa, hal], [hal, np.sum(q[2] * (1 - q[2]))]])

    share = np.mean(tie)
    res = minimize(nll, x0=[0.0, np.log(2 * share / (1 - share))], jac=grad, hess=hess, method="trust-exact")
    return [float(np.exp(res.x[1])), float(1 / res.x[0])]


CHOICE_K = 4  # bench/data.mjs CHOICE_K


def scipy_kwise_temperature(d):
    """Temperature of softmax(r/T) on n prompts x K = 4 (bench/data.mjs makeChoices: the same rule, vectorized),
    the usual scipy recipe: bounded Brent on T of the mean -log softmax of the chosen response (logsumexp)."""
    margin, label = d["margin"], d["label"]
    n = len(margin)
    at = (np.arange(n)[:, None] + np.arange(CHOICE_K)[None, :] * (n // CHOICE_K)) % n
    scores = margin[at]
    best = np.argmax(scores + 4 * label[at], axis=1)
    chosen = scores[np.arange(n), best]

    def nll(t):
        return float(np.mean(logsumexp(scores / t, axis=1) - chosen / t))

    result = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded", options={"xatol": 1e-8})
    return float(result.x)


def sklearn_isotonic(d):
    model = IsotonicRegression().fit(d["margin"], d["label"])
    return [None if np.isnan(v) else float(v) for v in model.predict(GRID)]


ANCHORS = {f.__name__: f for f in (numpy_sum, numpy_ece, sklearn_curve, scipy_temperature, scipy_davidson, scipy_kwise_temperature, sklearn_isotonic)}


def main():
    data_dir, n, runs, only = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3]), sys.argv[4]
    data = {k: np.fromfile(f"{data_dir}/{k}.f64", dtype="<f8", count=n) for k in ("margin", "label", "prob")}
    small = {k: v[: min(n, 10**5)] for k, v in data.items()}
    out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}}
    for name, anchor in ANCHORS.items():
        if only and name not in only.split(","):
            continue
        anchor(small)
        times, cpu_times = [], []
        for _ in range(runs):
            cpu = time.process_time()
            start = time.perf_counter()
            result = anchor(data)
            times.append((time.perf_counter() - start) * 1e3)
            cpu_times.append((time.process_time() - cpu) * 1e3)
        out[name] = {"times": times, "cpuTimes": cpu_times, "result": result}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
