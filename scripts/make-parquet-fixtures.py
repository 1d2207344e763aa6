"""Parquet fixtures for the readers' tests, written by pyarrow as Hugging Face datasets write theirs, each beside the
same rows as JSON Lines (Python's json writes every double as its shortest round-tripping repr, so both files hold
the same bits).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow
    /tmp/venv/bin/python scripts/make-parquet-fixtures.py

Writes test/data/parquet/:
  flat.jsonl, flat-{snappy,zstd,gzip}.parquet   score_a, score_b, label, weight, subset, id; 3 row groups of 100
  nested.jsonl, nested.parquet                  RewardBench's shape: scores_chosen and scores_rejected as
                                                list<double> of one score, plus scores: list<double> of 4 (K-wise)
  train-0000{0,1,2}-of-00003.parquet            flat.jsonl's rows in 3 shards, as a Hugging Face split
  wrong-type.parquet                            label stored as text ("yes"/"no")
"""
import json
import math
import pathlib
import random

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "parquet"
OUT.mkdir(parents=True, exist_ok=True)
rng = random.Random(17)
N = 300

quality = [rng.gauss(0, 1.5) for _ in range(N)]
score_a = [q + rng.gauss(0, 1) for q in quality]
score_b = [rng.gauss(0, 1) for _ in range(N)]
label = [1.0 if rng.random() < 1 / (1 + math.exp(-(a - b) / 2)) else 0.0 for a, b in zip(score_a, score_b)]
label = [0.5 if rng.random() < 0.05 else y for y in label]
weight = [rng.choice([0.5, 1.0, 2.0]) for _ in range(N)]
subset = [rng.choice(["chat", "code", "safety"]) for _ in range(N)]
flat = pa.table({
    "id": pa.array(list(range(N)), pa.int64()),
    "subset": pa.array(subset, pa.string()),
    "score_a": pa.array(score_a, pa.float64()),
    "score_b": pa.array(score_b, pa.float64()),
    "label": pa.array(label, pa.float64()),
    "weight": pa.array(weight, pa.float64()),
})


def write_jsonl(table: pa.Table, name: str) -> None:
    with open(OUT / name, "w") as f:
        for row in table.to_pylist():
            f.write(json.dumps(row) + "\n")


write_jsonl(flat, "flat.jsonl")
for codec in ["snappy", "zstd", "gzip"]:
    pq.write_table(flat, OUT / f"flat-{codec}.parquet", compression=codec, row_group_size=100)
for i in range(3):
    pq.write_table(flat.slice(i * 100, 100), OUT / f"train-{i:05d}-of-00003.parquet", compression="snappy")

chosen = [rng.gauss(1, 2) for _ in range(N)]
rejected = [rng.gauss(0, 2) for _ in range(N)]
nested = pa.table({
    "prompt_id": pa.array([f"p{i // 3}" for i in range(N)], pa.string()),
    "subset": pa.array(subset, pa.string()),
    "scores_chosen": pa.array([[x] for x in chosen], pa.list_(pa.float64())),
    "scores_rejected": pa.array([[x] for x in rejected], pa.list_(pa.float64())),
    "scores": pa.array([[rng.gauss(0, 1) for _ in range(4)] for _ in range(N)], pa.list_(pa.float64())),
})
write_jsonl(nested, "nested.jsonl")
pq.write_table(nested, OUT / "nested.parquet", compression="zstd", row_group_size=128)

wrong = pa.table({
    "score_a": pa.array(score_a[:20], pa.float64()),
    "score_b": pa.array(score_b[:20], pa.float64()),
    "label": pa.array(["yes" if x == 1 else "no" for x in label[:20]], pa.string()),
})
pq.write_table(wrong, OUT / "wrong-type.parquet", compression="snappy")

# K-wise choices as a Hugging Face set stores them: a list<double> of 4 scores and the chosen index, the first 200
# prompts of examples/data/simulated_best_of_4.jsonl (docs/DESIGN.md §5.12).
with open(OUT.parent.parent.parent / "examples/data/simulated_best_of_4.jsonl") as f:
    bo4 = [json.loads(line) for line in f][:200]
best_of_4 = pa.table({
    "prompt_id": pa.array([r["prompt_id"] for r in bo4], pa.string()),
    "scores": pa.array([r["scores"] for r in bo4], pa.list_(pa.float64())),
    "best": pa.array([r["best"] for r in bo4], pa.int64()),
})
write_jsonl(best_of_4, "best-of-4.jsonl")
pq.write_table(best_of_4, OUT / "best-of-4.parquet", compression="zstd")
