#!/usr/bin/env bash
# The paper's table: the same ResNet-50 from scratch and fine-tuned from ImageNet, 3 shares of the
# training ROIs x 3 seeds, 15 epochs each, on the dataset of liver-resnet50-v4's recipe made with the
# current generator (v5's). Builds that dataset first when it is missing. Resumable: rerun to train
# the cells still missing. Then copy OUT/results.json to docs/paper-comparison-runs.json and run
#   python3 training/comparison_report.py --runs docs/paper-comparison-runs.json --write README.md public/models/liver-resnet50-v4/MODEL_CARD.md
# (each file named must hold the block; the command stops at one that does not).
set -euo pipefail
cd "$(dirname "$0")/.."
w=${WORK:-data/work/v5}
out=${OUT:-data/work/comparison}
if [ ! -f "$w/dataset/index.json" ]; then
  mkdir -p "$w"
  npm run --silent phantoms -- --out "$w/studies" --per-class 300 --seed train-2026 --size 256 --variation wide --families 'noise!=fine'
  npm run --silent dataset -- --studies "$w/studies" --out "$w/phantom-dataset" --samples 2 --size 80 --split 60,15,25 --seed liver-2026 --phase-centres align --interior-rois 40
  npm run --silent insert-lesions -- --study testdata/real-ct/hcc009-3phase --out "$w/inserted" --per-class 40 --seed insert-2026
  npm run --silent dataset-merge -- --out "$w/dataset" "$w/phantom-dataset" "$w/inserted"
fi
exec nice -n 19 /usr/bin/python3 training/experiment.py --data "$w/dataset" --out "$out" \
  --fractions 0.25,0.5,1 --inits scratch,imagenet --seeds 1,2,3 --epochs 15 --resume
