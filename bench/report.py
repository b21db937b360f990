"""Benchmark rows and the docs/benchmarks.md writer (one section per benchmark, kept across
runs of a subset)."""

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = """# Benchmarks

Measured by `make bench` (`python -m bench`) on this project's machine kind. Each section is
rewritten when its benchmark runs; the figure, the goal from the issue and whether it was met.
"""


@dataclass
class Row:
    name: str
    figure: str
    goal: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: ""}[self.ok]


def write_report(path: Path, results: dict[str, list[Row]], machine: str, date: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    for name, rows in results.items():
        lines = [
            f"<!-- bench:{name}:start -->",
            f"## {name}",
            "",
            f"Machine: {machine}. Date: {date}.",
            "",
            "| measurement | figure | goal | met | note |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| {r.name} | {r.figure} | {r.goal} | {r.verdict} | {r.note} |" for r in rows]
        lines.append(f"<!-- bench:{name}:end -->")
        section = "\n".join(lines)
        pattern = re.compile(rf"<!-- bench:{name}:start -->.*?<!-- bench:{name}:end -->", re.S)
        text = (
            pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
        )
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
