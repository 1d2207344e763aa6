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
from scipy.special import logsumexp
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression, isotonic_regression

BINS = 15
GRID = -8 + 16 * np.arange(101) / 100  # bench/tasks.mjs ISOTONIC_GRID


def numpy_sum(d):
    return float(np.sum(d["prob"]))


def numpy_ece(d):
    """15-bin ECE, the fastest numpy idiom: bin by multiply-and-floor (clipped to the last bin), then three
    bincounts. On a value exactly at an inner edge k/15 it picks the upper bin where scikit-learn picks the lower,
    so its bins can differ from calibration_curve's in a handful of rows; numpy_ece_sklearn_edges keeps that rule."""
    y_true, y_prob = d["label"], d["prob"]
    binids = np.minimum((y_prob * BINS).astype(np.intp), BINS - 1)
    bin_sums = np.bincount(binids, weights=y_prob, minlength=BINS)
    bin_true = np.bincount(binids, weights=y_true, minlength=BINS)
    return float(np.sum(np.abs(bin_sums - bin_true)) / len(y_prob))


def numpy_ece_sklearn_edges(d):
    """15-bin ECE with scikit-learn's exact bin rule (searchsorted on the inner edges, as calibration_curve does),
    then three bincounts: the same bins as rmcal's, at the cost of a binary search per row."""
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


def _pair_nll(margin, label):
    """The mean NLL of sigma(d/T) as a function of log T, vectorised: softplus(z) - y*z with one np.logaddexp."""
    def nll(log_t):
        z = margin * np.exp(-log_t)
        return float(np.mean(np.logaddexp(0.0, z) - label * z))
    return nll


def scipy_temperature(d):
    """Temperature by NLL as users write it: bounded Brent (minimize_scalar) on log T with scipy's DEFAULT
    tolerance (xatol 1e-5 in log T, so T to about 1e-5 relative)."""
    nll = _pair_nll(d["margin"], d["label"])
    return float(np.exp(minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded").x))


def scipy_temperature_tight(d):
    """The same with xatol 1e-8 in log T: the optimum to about 1e-8 relative, for the accuracy comparison."""
    nll = _pair_nll(d["margin"], d["label"])
    result = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded", options={"xatol": 1e-8})
    return float(np.exp(result.x))


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
    the fastest usual scipy recipe: bounded Brent on log T with scipy's default tolerance (xatol 1e-5 in log T, 11
    evaluations here; on T with xatol 1e-8 it took 18) of the mean -log softmax of the chosen response, logsumexp
    over the n x K array in numpy. It finds T alone: no interval, no NLL before and after."""
    margin, label = d["margin"], d["label"]
    n = len(margin)
    at = (np.arange(n)[:, None] + np.arange(CHOICE_K)[None, :] * (n // CHOICE_K)) % n
    scores = margin[at]
    best = np.argmax(scores + 4 * label[at], axis=1)
    chosen = scores[np.arange(n), best]

    def nll(log_t):
        t = np.exp(log_t)
        return float(np.mean(logsumexp(scores / t, axis=1) - chosen / t))

    result = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(result.x))


def sklearn_isotonic(d):
    model = IsotonicRegression().fit(d["margin"], d["label"])
    return [None if np.isnan(v) else float(v) for v in model.predict(GRID)]


def sklearn_isotonic_presorted(d):
    """The fastest scikit-learn line for the same fit when no two margins tie (as here): argsort, then the bare PAV
    routine sklearn.isotonic.isotonic_regression on the sorted labels, predicted by np.interp. It skips
    IsotonicRegression's tie merging and checks, so it is only the same work on tie-free data."""
    margin, label = d["margin"], d["label"]
    order = np.argsort(margin, kind="stable")
    fitted = isotonic_regression(label[order])
    return [float(v) for v in np.interp(GRID, margin[order], fitted)]


def sklearn_isotonic_twice(d):
    """Two IsotonicRegression fits and predictions over the data: (d, y) and the mirror (-d, 1 - y). Not Venn–Abers:
    by its definition Venn–Abers refits twice per new pair; this is the least any Venn–Abers built from scikit-learn's
    isotonic regression costs, and what scaling two isotonic fits to every pair would take."""
    margin, label = d["margin"], d["label"]
    upper = IsotonicRegression(out_of_bounds="clip").fit(margin, label).predict(margin)
    lower = 1 - IsotonicRegression(out_of_bounds="clip").fit(-margin, 1 - label).predict(-margin)
    return [float(np.mean(lower)), float(np.mean(upper))]


def _upper_gaps(w, y):
    """The label-1 fit in every gap, by the hull-insertion sweep of docs/DESIGN.md §5.13 in plain Python over lists
    (the same algorithm as assembly/venn-abers.ts; the loops are CPython's, the sort and sums numpy's)."""
    m = len(w)
    cw = np.concatenate([[0.0], np.cumsum(w)]).tolist()
    cv = np.concatenate([[0.0], np.cumsum(w * y)]).tolist()
    px = cw + [c - 1.0 for c in cw]
    py = cv + [c - 1.0 for c in cv]
    prev, nxt = [-1] * (2 * m + 2), [-1] * (2 * m + 2)
    q0 = m + 1

    def cross(o, a, bx, by):
        return (px[a] - px[o]) * (by - py[o]) - (py[a] - py[o]) * (bx - px[o])

    top = q0
    for b in range(m + 1):
        while top != q0 and cross(prev[top], top, px[b], py[b]) <= 0:
            top = prev[top]
        prev[b], nxt[top], top = top, b, b
    upper = [0.0] * (m + 1)
    cursor = q0

    def slope(u):
        v = nxt[u]
        return min(max((py[v] - py[u]) / (px[v] - px[u]), 0.0), 1.0)

    upper[0] = slope(cursor)
    for g in range(1, m + 1):
        q = q0 + g
        qx, qy = px[q], py[q]
        u = cursor
        while px[nxt[u]] <= qx:
            u = nxt[u]
        v = nxt[u]
        if cross(u, v, qx, qy) < 0:
            while prev[u] >= 0 and cross(prev[u], u, qx, qy) <= 0:
                u = prev[u]
            while nxt[v] >= 0 and cross(q, v, px[nxt[v]], py[nxt[v]]) <= 0:
                v = nxt[v]
            nxt[u], prev[q], nxt[q], prev[v] = q, u, v, q
            cursor = q
        else:
            cursor = u
        upper[g] = slope(cursor)
    return np.array(upper)


def _venn_abers_tables(d):
    """Oriented inductive Venn–Abers tables: merged margins, label-0 and label-1 fits per gap."""
    x, inverse = np.unique(d["margin"], return_inverse=True)
    w = np.bincount(inverse).astype(float)
    y = np.bincount(inverse, weights=d["label"]) / w
    upper = _upper_gaps(w, y)
    lower = 1 - _upper_gaps(w[::-1], 1 - y[::-1])[::-1]
    return x, lower, upper


def python_venn_abers_fit(d):
    """Venn–Abers fit as Python users run it (the venn-abers package's way: the paper's stack algorithm in Python
    loops over numpy arrays), here the same sweep as rmcal's kernel, so the ratio is the language, not the algorithm."""
    x, lower, upper = _venn_abers_tables(d)
    return _grid_summary(x, lower, upper)


_TABLES = {}


def python_venn_abers_predict(d):
    """Venn–Abers predictions for every margin with numpy.searchsorted on tables fitted once (outside the timing)."""
    key = len(d["margin"])
    if key not in _TABLES:
        _TABLES[key] = _venn_abers_tables(d)
    x, lower, upper = _TABLES[key]
    p0, p1 = _lookup(x, lower, upper, d["margin"])
    p = p1 / (1 - p0 + p1)
    return float(np.mean(p))


def _lookup(x, lower, upper, s):
    lo = np.searchsorted(x, s, side="left")
    hi = np.searchsorted(x, s, side="right")
    return lower[hi], upper[lo]


def _grid_summary(x, lower, upper):
    p0, p1 = _lookup(x, lower, upper, GRID)
    return [float(v) for v in np.concatenate([p0, p1])]


ANCHORS = {f.__name__: f for f in (numpy_sum, numpy_ece, numpy_ece_sklearn_edges, sklearn_curve, scipy_temperature,
                                   scipy_temperature_tight, scipy_davidson,
                                   scipy_kwise_temperature, sklearn_isotonic, sklearn_isotonic_presorted, sklearn_isotonic_twice,
                                   python_venn_abers_fit, python_venn_abers_predict)}


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
