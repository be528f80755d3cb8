import json
import subprocess
import sys
from pathlib import Path

from comparison_report import START, render

ROOT = Path(__file__).resolve().parents[2]


def _run(init, fraction, seed, accuracy):
    return {
        "init": init,
        "trainFraction": fraction,
        "seed": seed,
        "epochs": 15,
        "trainLesions": 100,
        "test": {"accuracy": accuracy, "testSetSize": 50},
    }


def test_render_gives_the_table_and_each_seeds_pair():
    runs = [
        _run("scratch", 0.5, 1, 0.8),
        _run("imagenet", 0.5, 1, 0.9),
        _run("scratch", 0.5, 2, 0.82),
        _run("imagenet", 0.5, 2, 0.94),
    ]
    lines = render({"device": "cpu", "torch": "x", "runs": runs})
    assert "| 100 (50%) | 2, 2 | 81.0% ± 1.4 | 92.0% ± 2.8 | +11.0 points |" in lines
    assert lines[-1] == "- 50%, per seed (from scratch / fine-tuned): 80.0% / 90.0%, 82.0% / 94.0%"


def test_the_readme_and_the_model_card_show_what_the_committed_runs_give():
    cards = [c for c in (ROOT / "public" / "models").glob("*/MODEL_CARD.md") if START in c.read_text()]
    assert cards, "no model card carries the paper comparison"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "training" / "comparison_report.py"),
            "--runs",
            str(ROOT / "docs" / "paper-comparison-runs.json"),
            "--check",
            str(ROOT / "README.md"),
            *map(str, cards),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads((ROOT / "docs" / "paper-comparison-runs.json").read_text())["runs"]) >= 12
