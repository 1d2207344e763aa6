"""Reference values for fitVennAbers (test/lib/calibrators/fit-venn-abers.test.ts): Venn–Abers by its definition,
with scikit-learn's IsotonicRegression rerun for every test margin (Vovk & Petej, "Venn–Abers predictors", 2014).

Run: /usr/bin/python3 scripts/reference/venn_abers.py  (numpy 1.24, scipy 1.10, scikit-learn 1.2.1)
Writes test/reference-values/venn-abers.json. For each test margin s: p0 = IsotonicRegression fitted on the
calibration records plus (s, 0), evaluated at s; p1 the same with (s, 1); p = p1 / (1 - p0 + p1). The calibration
records are the pairs as oriented ("oriented") or each pair as (d, y) and (-d, 1 - y) ("antisymmetric").
Cases: LLMBar GPT-4 "Rating" judge margins (integer ratings: many ties; examples/data/llmbar_rating_pairs.csv, MIT)
and seeded continuous simulated pairs with weights.
"""
import csv
import pathlib

import numpy as np
from sklearn.isotonic import IsotonicRegression

from common import versions, write

CSV = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "llmbar_rating_pairs.csv"


def venn_abers(x, y, w, tests):
    p0, p1 = [], []
    for s in tests:
        ends = []
        for label in (0.0, 1.0):
            model = IsotonicRegression(out_of_bounds="clip")
            model.fit(np.append(x, s), np.append(y, label), sample_weight=np.append(w, 1.0))
            ends.append(float(model.predict([s])[0]))
        p0.append(ends[0])
        p1.append(ends[1])
    p0, p1 = np.array(p0), np.array(p1)
    return p0, p1, p1 / (1 - p0 + p1)


def case(name, margin, label, weight, symmetric, tests):
    x, y, w = margin, label, weight
    if symmetric:
        x, y, w = np.concatenate([x, -x]), np.concatenate([y, 1 - y]), np.concatenate([w, w])
    p0, p1, p = venn_abers(x, y, w, tests)
    return {"name": name, "symmetric": symmetric, "margin": margin, "label": label, "weight": weight,
            "tests": tests, "p0": p0, "p1": p1, "p": p}


def main():
    with CSV.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["evaluator"] == "GPT-4" and r["strategy"] == "Rating"]
    d = np.array([float(r["score_1"]) - float(r["score_2"]) for r in rows])
    y = np.array([1.0 if r["gold_label"] == "1" else 0.0 for r in rows])
    ones = np.ones_like(d)
    integer_tests = np.arange(-11.0, 11.5, 0.5)

    rng = np.random.default_rng(20261203)
    n = 300
    sim_d = rng.normal(scale=2.0, size=n)
    sim_y = (rng.uniform(size=n) < 1 / (1 + np.exp(-0.6 * sim_d - 0.2))).astype(float)
    sim_w = rng.choice([0.5, 1.0, 2.0, 3.5], size=n)
    sim_tests = np.concatenate([np.linspace(-8, 8, 81), sim_d[:40]])

    write("venn-abers.json", {
        "producedBy": "scripts/reference/venn_abers.py", "versions": versions(),
        "cases": [
            case("LLMBar GPT-4 Rating, antisymmetric", d, y, ones, True, integer_tests),
            case("LLMBar GPT-4 Rating, oriented", d, y, ones, False, integer_tests),
            case("simulated, weighted, oriented", sim_d, sim_y, sim_w, False, sim_tests),
            case("simulated, weighted, antisymmetric", sim_d, sim_y, sim_w, True, sim_tests),
        ],
    })


if __name__ == "__main__":
    main()
