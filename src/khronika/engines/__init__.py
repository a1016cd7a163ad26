"""Engines that run the one batch function (khronika.batch) over many inputs: `local` (a process pool on this
machine) and `ray` (Ray Data on a Ray cluster, optional extra `khronika[ray]`)."""
from __future__ import annotations

from dataclasses import dataclass, field

ENGINES = ("local", "ray")


@dataclass
class BatchSummary:
    engine: str
    workers: int
    rows: int = 0
    articles: int = 0
    failed: int = 0
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"engine": self.engine, "workers": self.workers, "rows": self.rows, "articles": self.articles,
                "failed": self.failed, "seconds": round(self.seconds, 2), "tables": self.tables}


def run(engine: str, inputs: list[str], out, workers: int, batch_size: int = 8, address: str | None = None):
    if engine == "local":
        from .local import run_local
        return run_local(inputs, out, workers=workers, batch_size=batch_size)
    if engine == "ray":
        from .ray_data import run_ray
        return run_ray(inputs, out, workers=workers, batch_size=batch_size, address=address)
    from ..batch import BatchError
    raise BatchError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
