"""Memory of a serving process (issue 18's budget: peak RSS ≤ 1.2 GB, model and judge loaded): what each part
adds as it loads, and the peak after searching and answering a question set, in a fresh child process per
checkout so that each peak is its own.

  python bench/serving_memory.py --index-dir DIR [--before CHECKOUT] [--questions radar/dev_questions.tsv]

`--before` names an older checkout (e.g. `git worktree add /tmp/before ad66c92`), measured on the same index for
the row beside today's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run by the child with the checkout first on sys.path: RSS after each step, then the peak (ru_maxrss).
CHILD = """
import json, resource, sys
from pathlib import Path
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
steps = {"Python": rss()}
from answer.compose import ask
from index.collection import Collection
from index.search import search
from radar.evaluation import read_questions
steps["+ Radar's modules"] = rss()
collection = Collection(INDEX)
collection.embedder.encode_queries(["warm-up"])
steps["+ embedding model"] = rss()
assert collection.relevance is not None, "no relevance judge"
getattr(collection.relevance, "answer_judge", None)  # loaded on first use where there is one
steps["+ relevance judges"] = rss()
questions = [q.text for q in read_questions(Path(QUESTIONS))]
for question in questions:
    search(collection, question, k=10)
    ask(collection, question)
steps[f"+ {len(questions)} questions searched and answered"] = rss()
print(json.dumps({"steps": steps, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def measure(checkout: Path, index_dir: str, questions: Path) -> dict:
    code = (f"import sys; sys.path.insert(0, {str(checkout)!r}); INDEX = {index_dir!r}; "
            f"QUESTIONS = {str(questions)!r}\n" + CHILD)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=checkout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--before", type=Path, help="an older checkout, measured beside this one")
    parser.add_argument("--questions", type=Path, default=ROOT / "radar" / "dev_questions.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serving_memory.md")
    args = parser.parse_args()
    runs = {}
    if args.before:
        runs[f"before ({args.before.name})"] = measure(args.before.resolve(), args.index_dir, args.questions.resolve())
    runs["Radar now"] = measure(ROOT, args.index_dir, args.questions.resolve())
    steps = list(next(iter(runs.values()))["steps"])
    lines = ["| checkout | " + " | ".join(f"{s} (MB)" for s in steps) + " | peak RSS (MB) | ≤ 1.2 GB |",
             "|---|" + "---|" * (len(steps) + 2)]
    for name, run in runs.items():
        lines.append(f"| {name} | " + " | ".join(str(run["steps"][s]) for s in steps) +
                     f" | {run['peak']} | {'yes' if run['peak'] <= 1200 else 'no'} |")
    text = "\n".join(["# Serving memory (issue 18: peak RSS ≤ 1.2 GB)", "",
                      f"`python bench/serving_memory.py --index-dir {args.index_dir}" +
                      (f" --before {args.before}`" if args.before else "`") +
                      f" — one fresh process per checkout, int8, RSS after each step, then the peak over "
                      f"`search` and `ask` of every question of `{args.questions.name}`.", "", *lines, ""])
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
