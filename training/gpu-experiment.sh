#!/usr/bin/env bash
# The experiment as one command for a GPU machine (PyTorch with CUDA, no network): the dataset and
# the ImageNet weights (as float16 .npz) travel in ignored folders; the runs' checkpoints stay
# on the machine and only results.json, the shipped weights and the log come back in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())"
python3 training/experiment.py --data .devdata/dataset --external .devdata/external --out /tmp/experiment \
  --weights .devw/imagenet-f16.npz "$@" 2>&1 | tee "$OUT/log.txt"
cp /tmp/experiment/results.json /tmp/experiment/weights-*.npz "$OUT/"
