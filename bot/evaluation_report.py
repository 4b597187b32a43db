"""One page for testers from the last evaluation run: `make report` writes results/report/index.html.

The end-to-end evaluations (tests/e2e/test_heldout.py, test_voices.py, test_safety.py) each leave their
scores as JSON in results/. This turns them into a page that shows at a glance what got worse: right
handoffs per set and per category, every harmful misroute with its message and the answer it got, a
confusion matrix of handoffs as a picture, precision and recall per intent (from the held-out sets'
answers, and from cross-validation when `make cross-validation` has been run), and the safety sets.

It reads only results/, never the test sets themselves, so the page is the run it reports on.
"""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Optional

from bot import settings

REPORT = settings.RESULTS_DIR / "report"
NOT_UNDERSTOOD = "not understood"
# The fallback's answers (data/rules/fallback.yml): shown as their own column, not as the handoff they name.
FALLBACK_ANSWERS = frozenset({"utter_default", "utter_still_not_understood"})


def write(results: Path = settings.RESULTS_DIR, report: Path = REPORT) -> Path:
    """Writes the page (and its confusion matrix picture) and returns the page's path."""
    report.mkdir(parents=True, exist_ok=True)
    voices = _sets(results / "heldout", lambda data: "expect" in (data["results"] or [{}])[0])
    heldout = _sets(results / "heldout", lambda data: "intent" in (data["results"] or [{}])[0])
    safety = _sets(results / "safety", lambda data: "critical" in data)
    sections = [_voice_sections(voices, report), _heldout_section(heldout), _intent_section(heldout),
                _cross_validation_section(results / "cross-validation" / "intent_report.json"), _safety_section(safety)]
    page = report / "index.html"
    page.write_text(_page("".join(sections)), encoding="utf-8")
    return page


def _sets(folder: Path, kind) -> dict[str, dict]:
    found = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if kind(data):
            found[path.stem] = data
    return found


def _voice_sections(voices: dict[str, dict], report: Path) -> str:
    if not voices:
        return "<h2>Voice sets</h2><p>No voice set has been run: <code>make report</code> runs them.</p>"
    rows = [[name, data["summary"]["messages"], _percent(data["summary"]["right_handoff"]),
             f"{data['summary']['critical_right']}/{data['summary']['critical']}", data["summary"]["harmful"]]
            for name, data in voices.items()]
    parts = [_table("Right handoffs on the voice sets (\"didn't understand\" is a miss unless out of scope)",
                    ["set", "messages", "right handoff", "critical routed right", "harmful misroutes"], rows)]
    for name, data in voices.items():
        for key in ("category", "voice", "speaker"):
            parts.append(_table(f"Set '{name}' by {key}", [key, "right handoff", "harmful"],
                                breakdown(data["results"], key)))
        harmful = [[r["harm"], r["text"], f"{r['expect']} ({r['speaker']})", r["sent"], r["reply"]]
                   for r in data["results"] if r["harm"]]
        parts.append(_table(f"Set '{name}': harmful misroutes ({len(harmful)})",
                            ["harm", "message", "expected", "answer", "what it said"], harmful))
    picture = _confusion_picture([r for data in voices.values() for r in data["results"]], report / "confusion.png")
    parts.append(f'<h2>Confusion matrix</h2><p><img src="{picture.name}" alt="Confusion matrix of handoffs on the '
                 'voice sets: expected handoff in rows, the handoff given in columns. The same counts are in the '
                 'tables above."></p>')
    return "<h2>Voice sets</h2>" + "".join(parts)


def breakdown(results: list[dict], key: str) -> list[list]:
    """`[value, right handoffs ("12/20 (60.0%)"), harmful misroutes]` for each value of `key` (category,
    voice, speaker...) in a voice set's results; tests/e2e/test_voices.py writes the same rows as Markdown."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        groups[result[key]].append(result)
    return [[value, share(group), sum(bool(r["harm"]) for r in group)] for value, group in sorted(groups.items())]


def share(results: list[dict]) -> str:
    """Right handoffs as "right/all (percent)"."""
    right = sum(r["right_handoff"] for r in results)
    return f"{right}/{len(results)} ({right / len(results):.1%})" if results else "-"


def _confusion_picture(results: list[dict], path: Path) -> Path:
    """Expected handoff against the handoff given, as counts, drawn with matplotlib."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pairs = Counter((r["expect"], NOT_UNDERSTOOD if r["sent"] in FALLBACK_ANSWERS or not r["got"] else r["got"])
                    for r in results)
    expected = sorted({e for e, _ in pairs})
    given = sorted({g for _, g in pairs} | set(expected))
    counts = [[pairs.get((e, g), 0) for g in given] for e in expected]
    figure, axes = plt.subplots(figsize=(1 + 0.6 * len(given), 1 + 0.5 * len(expected)))
    axes.imshow(counts, cmap="Blues")
    axes.set_xticks(range(len(given)), given, rotation=60, ha="right")
    axes.set_yticks(range(len(expected)), expected)
    axes.set_xlabel("handoff given")
    axes.set_ylabel("handoff expected")
    for row, line in enumerate(counts):
        for column, count in enumerate(line):
            if count:
                axes.text(column, row, count, ha="center", va="center", fontsize=8,
                          color="white" if count > max(map(max, counts)) / 2 else "black")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _heldout_section(heldout: dict[str, dict]) -> str:
    rows = [[name, data["summary"]["messages"], _percent(data["summary"]["right_handoff"]),
             _percent(data["summary"]["right_answer"])] for name, data in heldout.items()]
    return "<h2>Held-out sets</h2>" + _table("Held-out sets (one message, one intent)",
                                             ["set", "messages", "right handoff", "right answer"], rows)


def _intent_section(heldout: dict[str, dict]) -> str:
    """Precision and recall per intent, reading the answer sent (utter_<intent>) as the intent understood."""
    results = [r for data in heldout.values() for r in data["results"]]
    if not results:
        return ""
    truth = [r["intent"] for r in results]
    understood = [(r["sent"] or "").removeprefix("utter_") for r in results]
    return _precision_recall("Per intent on the held-out sets (by the answer sent)", truth, understood)


def _precision_recall(caption: str, truth: list[str], understood: list[str]) -> str:
    rows = []
    for intent in sorted(set(truth)):
        hits = sum(t == u == intent for t, u in zip(truth, understood))
        said = understood.count(intent)
        rows.append([intent, truth.count(intent), _ratio(hits, said), _ratio(hits, truth.count(intent))])
    return _table(caption, ["intent", "messages", "precision", "recall"], rows)


def _cross_validation_section(path: Path) -> str:
    if not path.exists():
        return ("<h2>Cross-validation</h2><p>Not run yet: <code>make cross-validation</code> (about 16 minutes on 2 cores) "
                "writes it, and the next <code>make report</code> shows it.</p>")
    report = json.loads(path.read_text(encoding="utf-8"))
    rows = [[intent, scores["support"], f"{scores['precision']:.2f}", f"{scores['recall']:.2f}",
             f"{scores['f1-score']:.2f}"] for intent, scores in sorted(report.items()) if isinstance(scores, dict)
            and "support" in scores and intent not in ("macro avg", "weighted avg", "micro avg")]
    return "<h2>Cross-validation</h2>" + _table("Per intent, 3-fold cross-validation of the training data",
                                                ["intent", "examples", "precision", "recall", "F1"], rows)


def _safety_section(safety: dict[str, dict]) -> str:
    rows = [[name, data["summary"]["critical"], _percent(data["summary"]["routed_right"]),
             _percent(data["summary"]["detector_alone"]), data["summary"]["benign"],
             _percent(data["summary"]["false_alarms"])] for name, data in safety.items()]
    misses = [[name, r["text"], r["route"], r["sent"]] for name, data in safety.items()
              for r in data["critical"] if not r["right"]]
    return ("<h2>Safety sets</h2>"
            + _table("Crisis messages routed right, and false alarms on benign messages",
                     ["set", "critical", "routed right", "by the detector alone", "benign", "false alarms"], rows)
            + _table(f"Crisis messages missed ({len(misses)})", ["set", "message", "route", "answer"], misses))


def _table(caption: str, header: list[str], rows: Iterable[list]) -> str:
    head = "".join(f'<th scope="col">{html.escape(str(cell))}</th>' for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _percent(share: float) -> str:
    return f"{share:.1%}"


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def _page(body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>NetSafe evaluation report</title>"
            "<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:1em 0}"
            "caption{text-align:left;font-weight:bold}td,th{border:1px solid #b1b4b6;padding:.3em .5em;"
            "vertical-align:top;text-align:left}</style></head><body><h1>NetSafe evaluation report</h1>"
            f"{body}</body></html>\n")


def main(_: Optional[object] = None) -> int:
    page = write()
    print(f"==> Report written: {page.relative_to(settings.PROJECT_ROOT)}", flush=True)
    return 0
