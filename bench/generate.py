"""Generate a realistic workspace of N notes: every kind, response chains, ~2 KB bodies."""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

AREAS = [
    "core-partners",
    "wider-partners",
    "children-families",
    "quality-assurance",
    "case-reviews",
    "training",
]
SOURCES = ["meeting", "document", "discussion", "observation", "audit", "review", "data", "visit"]
LENSES = ["children-families", "practitioners", "leadership"]
AGENCIES = [
    "Children's Services",
    "Integrated Care Board",
    "Police BCU",
    "Education Partnership",
    "Housing",
    "Probation",
    "Voluntary Sector Network",
]
_TEXT = (
    "partnership executive subgroup audit dataset practitioners families children "
    "assurance learning review training neglect exploitation attendance thresholds "
    "early help designated nurse police schools housing probation voluntary sector "
    "escalation challenge oversight impact outcomes survey dashboard quarterly report "
    "recommendation progress accountability leadership engagement capacity referral "
    "assessment plan strategy meeting minutes evidence improvement consultation voice"
)
WORDS = _TEXT.split()
REC_STATUSES = ["accepted", "in-progress", "implemented", "closed", "in-progress", "not-accepted"]
RISK_STATUSES = ["monitoring", "escalated", "mitigated", "closed"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, size: int = 1800) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        length += len(paragraph)
    return "\n\n".join(paragraphs)


def _front(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def generate(root: Path, n: int, seed: int = 1, start_year: int = 2016) -> Path:
    """Write a workspace of ``n`` notes into ``root`` and return it."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "scrutiny.toml").write_text(
        'name = "Benchmark Safeguarding Children Partnership"\nframework = "six-steps"\n'
        "period_start_month = 10\n"
    )
    # About 1,000 notes a year, over 60 years at most: 250,000 notes over 250 years reached
    # past 2199, which the program refuses (a mistyped year), and every such note failed.
    years = min(max(1, n // 1000), 60)
    first = date(start_year, 10, 1)
    span = years * 365
    recs: list[tuple[str, date]] = []
    risks: list[tuple[str, date]] = []
    written = 0
    i = 0
    while written < n:
        i += 1
        day = first + timedelta(days=rng.randrange(span))
        period = f"{day.year if day.month >= 10 else day.year - 1}"
        folder = root / "evidence" / period
        folder.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        title = _sentence(rng, rng.randint(4, 9)).rstrip(".").replace(":", "")
        areas = rng.sample(AREAS, rng.randint(1, 2))
        if roll < 0.45 or written < 10:
            fields: dict[str, object] = {
                "kind": "activity",
                "date": day,
                "title": title,
                "areas": areas,
                "source": rng.choice(SOURCES),
                "lens": rng.sample(LENSES, rng.randint(0, 2)),
                "agencies": [f'"{a}"' for a in rng.sample(AGENCIES, 2)],
            }
        elif roll < 0.70:
            fields = {
                "kind": "finding",
                "date": day,
                "title": title,
                "areas": areas,
                "judgement": rng.choice(["strength", "concern", "mixed"]),
            }
        elif roll < 0.78:
            rec_id = f"REC-{len(recs) + 1:05d}"
            recs.append((rec_id, day))
            fields = {
                "kind": "recommendation",
                "id": rec_id,
                "date": day,
                "title": title,
                "areas": areas,
                "for": rng.choice(["partnership", "partnership", "scrutiny"]),
                "owner": f'"{rng.choice(AGENCIES)}"',
                "due": day + timedelta(days=rng.randint(90, 540)),
            }
        elif roll < 0.82:
            risk_id = f"RISK-{len(risks) + 1:05d}"
            risks.append((risk_id, day))
            fields = {
                "kind": "risk",
                "id": risk_id,
                "date": day,
                "title": title,
                "areas": areas[:1],
                "category": rng.choice(["strategic", "operational"]),
            }
        elif roll < 0.84:
            fields = {
                "kind": "action",
                "id": f"ACT-{i}",
                "date": day,
                "title": title,
                "objective": f'"{_sentence(rng, 6)}"',
                "number": f'"{rng.randint(1, 6)}.{rng.randint(1, 9)}"',
                "owner": f'"{rng.choice(AGENCIES)}"',
                "due": day + timedelta(days=365),
            }
        elif recs or risks:
            pool = recs if (recs and (not risks or rng.random() < 0.8)) else risks
            target, raised = rng.choice(pool)
            day = raised + timedelta(days=rng.randint(1, 400))
            statuses = REC_STATUSES if pool is recs else RISK_STATUSES
            fields = {
                "kind": "response",
                "date": day,
                "title": f"Response on {target}",
                "responds_to": [target],
                "status": rng.choice(statuses),
                "by": f'"{rng.choice(AGENCIES)}"',
            }
            period = f"{day.year if day.month >= 10 else day.year - 1}"
            folder = root / "evidence" / period
            folder.mkdir(parents=True, exist_ok=True)
        else:
            continue
        path = folder / f"{day.isoformat()}-{fields['kind']}-{i:06d}.md"
        path.write_text(_front(fields) + _body(rng) + "\n")
        written += 1
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.dest, args.n, args.seed)
    print(args.dest)


if __name__ == "__main__":
    main()
