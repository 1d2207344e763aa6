"""Shared helpers of the reference-value scripts: writing JSON that round-trips float64 exactly."""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "reference-values"


def plain(value):
    """numpy values to JSON-ready Python values (floats keep their full repr, so they round-trip bit for bit)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    return value


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(plain(payload)) + "\n")
    print(f"wrote {path}")


def versions():
    import scipy
    import sklearn
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}
