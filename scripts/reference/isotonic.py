"""Reference values for isotonicRegression and fitIsotonicRegression (test/lib/calibrators/isotonic-regression.test.ts and fit-isotonic-regression.test.ts).

Run: /usr/bin/python3 scripts/reference/isotonic.py  (numpy 1.24, scikit-learn 1.2.1, scipy 1.10)
Writes test/reference-values/isotonic.json: the inputs (seeded numpy data with ties, zero weights,
near-duplicate x and -0.0) and scikit-learn's outputs. NaN is written as null.
"""
import json, os
import numpy as np
from sklearn.isotonic import IsotonicRegression, isotonic_regression

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
rng = np.random.default_rng(20261127)


def clean(values):
    return [None if np.isnan(v) else float(v) for v in np.asarray(values, dtype=float)]


def sequence_case(name, n, increasing, y_min=None, y_max=None, weighted=True):
    y = rng.normal(size=n) + (np.linspace(0, 3, n) if increasing else -np.linspace(0, 3, n))
    w = rng.uniform(0.1, 3.0, size=n) if weighted else None
    fit = isotonic_regression(y, sample_weight=w, y_min=y_min, y_max=y_max, increasing=increasing)
    return {"name": name, "y": clean(y), "sampleWeight": None if w is None else clean(w), "increasing": increasing,
            "yMin": y_min, "yMax": y_max, "expected": clean(fit)}


def model_case(name, x, y, w, increasing=True, y_min=None, y_max=None, out_of_bounds="nan", x_new=None):
    model = IsotonicRegression(increasing=increasing, y_min=y_min, y_max=y_max, out_of_bounds=out_of_bounds)
    model.fit(x, y, sample_weight=w)
    if x_new is None:
        x_new = np.concatenate([np.linspace(x.min() - 1, x.max() + 1, 301), x[:50], model.X_thresholds_])
    return {"name": name, "x": clean(x), "y": clean(y), "sampleWeight": None if w is None else clean(w),
            "increasing": increasing, "yMin": y_min, "yMax": y_max, "outOfBounds": out_of_bounds,
            "xThresholds": clean(model.X_thresholds_), "yThresholds": clean(model.y_thresholds_),
            "increasingUsed": bool(model.increasing_), "xNew": clean(x_new), "expected": clean(model.predict(x_new))}


def tied_data(n, slope=1.0):
    x = np.round(rng.uniform(-5, 5, size=n), 1)          # many ties in x
    y = slope * x / 5 + rng.normal(scale=0.8, size=n)
    w = rng.uniform(0.0, 2.0, size=n)
    w[rng.uniform(size=n) < 0.1] = 0.0                     # zero weights, which scikit-learn drops
    return x, y, w


sequences = [
    sequence_case("increasing, weighted", 500, True),
    sequence_case("decreasing, weighted", 500, False),
    sequence_case("increasing, unweighted, clipped", 300, True, y_min=-0.5, y_max=1.5, weighted=False),
    {"name": "all equal", "y": [2.0] * 5, "sampleWeight": None, "increasing": True, "yMin": None, "yMax": None,
     "expected": clean(isotonic_regression([2.0] * 5))},
]

x1, y1, w1 = tied_data(800)
x2, y2, w2 = tied_data(600, slope=-1.0)
x3 = np.array([0.0, -0.0, 1e-16, 3e-16, 2e-15, 1.0, 1.0 + 2e-16, 2.0, 2.0, -1.0])
y3 = np.array([0.3, 0.1, 0.5, 0.2, 0.9, 0.4, 0.8, 1.0, 0.0, 0.2])
x4, y4, _ = tied_data(400)
models = [
    model_case("ties and zero weights, increasing", x1, y1, w1),
    model_case("ties and zero weights, clip", x1, y1, w1, out_of_bounds="clip"),
    model_case("decreasing, auto", x2, y2, w2, increasing="auto"),
    model_case("decreasing data forced increasing", x2, y2, w2, increasing=True),
    model_case("increasing false, bounded", x1, y1, w1, increasing=False, y_min=-0.2, y_max=0.3, out_of_bounds="clip"),
    model_case("bounded y, unweighted", x4, y4, None, y_min=-0.25, y_max=0.5),
    model_case("near-duplicate x (1e-15 merge) and -0.0", x3, y3, None, out_of_bounds="clip"),
    model_case("single x value", np.array([3.0, 3.0, 3.0]), np.array([1.0, 2.0, 4.0]), None,
               x_new=np.array([0.0, 3.0, 5.0])),
    model_case("auto on constant y (rho is NaN: decreasing)", np.array([1.0, 2.0, 3.0, 4.0]),
               np.array([1.0, 1.0, 1.0, 1.0]), None, increasing="auto"),
]

with open(os.path.join(ROOT, "test/reference-values/isotonic.json"), "w") as f:
    json.dump({"sequences": sequences, "models": models}, f)
print(len(sequences), "sequence cases,", len(models), "model cases;",
      [len(m["xThresholds"]) for m in models], "thresholds")
