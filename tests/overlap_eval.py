"""The labelled pairs (tests/data/overlap_pairs.json) measured against the similarity engine: used by
test_similarity.py (floors) and by docs/overlaps.md (figures: ``python -m tests.overlap_eval``)."""

from __future__ import annotations

import json
from pathlib import Path

from segib_desktop.core import similarity

PAIRS = Path(__file__).parent / "data" / "overlap_pairs.json"


def evaluate() -> dict:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))
    index = similarity.SimilarityIndex()
    rows, partner, positive = [], {}, set()
    for n, pair in enumerate(pairs):
        a, b = 2 * n + 1, 2 * n + 2
        # The earlier one from summit 28, the later from 29: every pair is across summits.
        rows += [(a, 1, f"A{n}", pair["a"]["title"], pair["a"]["text"], "in_progress", 28),
                 (b, 1, f"B{n}", pair["b"]["title"], pair["b"]["text"], "in_progress", 29)]
        partner[a], partner[b] = b, a
        if pair["kind"] == "renews":
            positive |= {frozenset((a, b))}
    index.update(rows)
    texts = {r[0]: (r[3], r[4]) for r in rows}
    scores = {}
    for a, b in ((r[0], partner[r[0]]) for r in rows if r[0] % 2):
        hits = index.similar(*texts[a], limit=len(rows), min_score=0.0, exclude=[a])
        scores[frozenset((a, b))] = next((h.score for h in hits if h.id == b), 0.0)
    out = {"pairs": len(pairs), "renewals": len(positive), "shares_words": len(pairs) - len(positive)}
    for name, threshold in (("form", similarity.MIN_SCORE), ("overlaps", similarity.PAIR_SCORE)):
        found = [p for p, s in scores.items() if s >= threshold]
        right = [p for p in found if p in positive]
        out[f"{name}_threshold"] = threshold
        out[f"{name}_precision"] = len(right) / len(found) if found else 1.0
        out[f"{name}_recall"] = len(right) / len(positive)
    # The top suggestion of each mandate, among all the others (as the form shows it).
    tops, top_right, renewal_first = 0, 0, 0
    for mid, (title, text) in texts.items():
        hits = index.similar(title, text, limit=1, exclude=[mid])
        if hits:
            tops += 1
            top_right += frozenset((mid, hits[0].id)) in positive
        if frozenset((mid, partner[mid])) in positive and hits and hits[0].id == partner[mid]:
            renewal_first += 1
    out["top_precision"] = top_right / tops if tops else 1.0
    out["top_recall"] = renewal_first / (2 * len(positive))
    pairs_found = index.pairs(min_score=similarity.PAIR_SCORE, limit=10_000)
    listed = [frozenset((p.first.id, p.second.id)) for p in pairs_found]
    out["view_precision"] = sum(p in positive for p in listed) / len(listed) if listed else 1.0
    out["view_recall"] = sum(p in positive for p in set(listed)) / len(positive)
    out["scores"] = sorted(((round(s, 2), p in positive) for p, s in scores.items()), reverse=True)
    return out


if __name__ == "__main__":
    result = evaluate()
    for key, value in result.items():
        if key != "scores":
            print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
    print("renewals:", [s for s, pos in result["scores"] if pos])
    print("sharing words:", [s for s, pos in result["scores"] if not pos])
