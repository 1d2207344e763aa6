"""Reference values for the LLMBar test (test/datasets/llmbar.test.ts): the GPT-4 judge, strategy exactly "Rating".

Run with /usr/bin/python3 (numpy 1.24, scipy 1.10):
    /usr/bin/python3 scripts/reference/llmbar.py
Reads examples/data/llmbar_rating_pairs.csv (LLMBar, MIT; see examples/data/README.md) and writes
test/reference-values/llmbar_gpt4_rating.json. As a Bradley–Terry scorer: margin d = score_1 − score_2,
label = 1 if gold_label == 1 else 0; accuracy with ties ½, ECE in the folded view with 15 uniform bins on [0.5, 1],
NLL and Brier at T = 1, computed here with numpy/scipy from the definitions in docs/DESIGN.md §3.6.
"""
import csv
import pathlib

import numpy as np
from scipy.special import expit, log_expit

from common import versions, write

CSV = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "llmbar_rating_pairs.csv"


def main():
    with CSV.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["evaluator"] == "GPT-4" and r["strategy"] == "Rating"]
    d = np.array([float(r["score_1"]) - float(r["score_2"]) for r in rows])
    y = np.array([1.0 if r["gold_label"] == "1" else 0.0 for r in rows])
    confidence = expit(np.abs(d))
    agree = np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))
    edges = np.linspace(0.5, 1.0, 16)
    ids = np.searchsorted(edges[1:-1], confidence, side="left")
    ece = 0.0
    for b in range(15):
        m = ids == b
        if m.any():
            ece += m.sum() / len(d) * abs(confidence[m].mean() - agree[m].mean())
    write("llmbar_gpt4_rating.json", {
        "producedBy": "scripts/reference/llmbar.py", "versions": versions(),
        "evaluator": "GPT-4", "strategy": "Rating",
        "n": len(d), "ties": int(np.count_nonzero(d == 0)),
        "accuracy": agree.mean(),
        "ece": ece,
        "nll": -np.mean(y * log_expit(d) + (1 - y) * log_expit(-d)),
        "brier": np.mean((expit(d) - y) ** 2),
    })


if __name__ == "__main__":
    main()
