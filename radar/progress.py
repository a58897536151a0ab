"""Progress bars for the CLI edge (the library only calls a callback)."""

from __future__ import annotations

import sys


class ProgressBars:
    """One tqdm bar per stage, created on first use; nothing when disabled or not a terminal."""

    def __init__(self, disabled: bool = False) -> None:
        self.disabled = disabled or not sys.stderr.isatty()
        self.bars: dict = {}

    def __enter__(self) -> "ProgressBars":
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        if self.disabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None or bar.total != total:
            if bar is not None:
                bar.close()
            unit = {"reading": "files", "names": "documents"}.get(stage, "chunks")
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit=unit, leave=False)
        bar.update(done - bar.n)

    def __exit__(self, *exc) -> None:
        for bar in self.bars.values():
            bar.close()
