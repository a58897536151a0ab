"""What every benchmark script measures the same way: latency percentiles and the machine they ran on."""

from __future__ import annotations

import os
import platform
import time
from typing import Callable, Iterable

import numpy as np


def latency(fn: Callable, items: list, runs: int = 3, warm: int = 5) -> tuple[float, float]:
    """p50 / p95 in ms over every call of `runs` passes, after calling it on the first `warm` items."""
    for item in items[:warm]:
        fn(item)
    times = []
    for _ in range(runs):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            times.append(1000 * (time.perf_counter() - t0))
    return percentiles(times)


def percentiles(times_ms: Iterable[float]) -> tuple[float, float]:
    times = list(times_ms)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def machine() -> str:
    """e.g. 'x86_64, 2 cores (AMD EPYC), Python 3.11.7' — the line every result file starts with."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "?")
    return f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


if __name__ == "__main__":  # bench/run.sh stamps the result files it writes with this line
    print(machine())
