"""Reference values for wilsonInterval (test/lib/uncertainty/wilson-interval.test.ts): scipy's Wilson score interval.

Run with /usr/bin/python3 (scipy 1.10):
    /usr/bin/python3 scripts/reference/wilson.py
Writes test/reference-values/wilson.json: for k successes in n trials,
scipy.stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson") (no continuity correction).
"""
from scipy.stats import binomtest

from common import versions, write


def main():
    cases = []
    for n in (1, 2, 3, 5, 10, 17, 100, 1000):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            if 0 <= k <= n:
                ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
                cases.append({"k": k, "n": n, "low": ci.low, "high": ci.high})
    write("wilson.json", {"producedBy": "scripts/reference/wilson.py", "versions": versions(), "cases": cases})


if __name__ == "__main__":
    main()
