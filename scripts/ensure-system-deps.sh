#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium (Playwright drives
# Debian's build; it cannot download its own), dcmtk (an independent DICOM reader and the JPEG,
# JPEG-LS, RLE, deflated, big-endian and implicit-VR encoders of the transfer-syntax tests),
# GDCM's tools (gdcmconv: the JPEG 2000 encoder of those tests), dicom3tools (dciodvfy, the
# independent validator every DICOM file the project writes must pass with 0 errors),
# poppler-utils (pdftotext and pdftoppm: the PDF export tests read the finding's text back and
# render its page), and Debian's PyTorch with numpy, scikit-image (its sample photographs check
# the ImageNet weights) and pytest for training/ (run with /usr/bin/python3: no pip here).
# training/'s linter and formatter, ruff, comes from npm (scripts/ruff.ts).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
command -v gdcmconv >/dev/null 2>&1 || missing+=(libgdcm-tools)
command -v dciodvfy >/dev/null 2>&1 || missing+=(dicom3tools)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
for module in torch:python3-torch numpy:python3-numpy skimage:python3-skimage PIL:python3-pil pytest:python3-pytest; do
  /usr/bin/python3 -c "import ${module%%:*}" 2>/dev/null || missing+=("${module##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
