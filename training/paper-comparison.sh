#!/usr/bin/env bash
# The paper's table (3 shares x 2 inits x 3 seeds) on v5's dataset (data/work/v5.sh); resumable: rerun to train the missing cells.
set -euo pipefail
cd /work/main
exec nice -n 19 /usr/bin/python3 training/experiment.py --data data/work/v5/dataset --out data/work/comparison \
  --fractions 0.25,0.5,1 --inits scratch,imagenet --seeds 1,2,3 --epochs 15 --resume
