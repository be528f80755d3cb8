"""The paper's comparison (from scratch vs fine-tuned from ImageNet, mean ± SD over seeds) as it
stands in the README and the model card, rendered from the runs `experiment.py` wrote.

    python3 training/comparison_report.py --runs docs/paper-comparison-runs.json --write README.md CARD.md
    python3 training/comparison_report.py --runs docs/paper-comparison-runs.json --check README.md CARD.md

Each file holds the block between the two markers below; --write replaces it, --check exits 1
when a file's block is not what the runs give (whitespace and table padding aside: the README
is formatted by prettier).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from metrics import comparison_table  # noqa: E402

START = "<!-- paper-comparison: written by training/comparison_report.py -->"
END = "<!-- /paper-comparison -->"


def render(comparison: dict) -> list[str]:
    runs = comparison["runs"]
    shares = sorted({r["trainFraction"] for r in runs})
    epochs = sorted({r["epochs"] for r in runs})
    test_sizes = sorted({r["test"]["testSetSize"] for r in runs})
    lines = [
        f"Test accuracy (argmax over all outputs, on the whole test split of {', '.join(map(str, test_sizes))} patches) "
        f"of the same ResNet-50 trained from random weights and fine-tuned from ImageNet, "
        f"{', '.join(map(str, epochs))} epochs each, once per seed; mean ± SD (n − 1) over the seeds; "
        f"{len(runs)} trainings on {comparison['device']} (torch {comparison['torch']}). "
        "The seed draws the training subset, the head's initial weights, the batch order and the augmentation.",
        "",
        *comparison_table(runs),
        "",
    ]
    for share in shares:
        pairs = []
        for seed in sorted({r["seed"] for r in runs if r["trainFraction"] == share}):
            accuracy = {r["init"]: r["test"]["accuracy"] for r in runs if r["trainFraction"] == share and r["seed"] == seed}
            if "scratch" in accuracy and "imagenet" in accuracy:
                pairs.append(f"{accuracy['scratch']:.1%} / {accuracy['imagenet']:.1%}")
        lines.append(f"- {share:.0%}, per seed (from scratch / fine-tuned): {', '.join(pairs)}")
    return lines


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-{3,}", "---", text)).strip()


def block(text: str, path: Path) -> tuple[int, int]:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        sys.exit(f"{path}: no {START} … {END} block")
    return start + len(START), end


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=Path, required=True, help="results.json of training/experiment.py")
    action = p.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, nargs="+")
    action.add_argument("--check", type=Path, nargs="+")
    args = p.parse_args()
    expected = "\n".join(render(json.loads(args.runs.read_text())))
    stale = []
    for path in args.write or args.check:
        text = path.read_text()
        start, end = block(text, path)
        if args.write:
            path.write_text(text[:start] + "\n\n" + expected + "\n\n" + text[end:])
        elif normalised(text[start:end]) != normalised(expected):
            stale.append(str(path))
    if stale:
        sys.exit(f"the paper comparison in {', '.join(stale)} is not what {args.runs} gives: rerun with --write")


if __name__ == "__main__":
    main()
