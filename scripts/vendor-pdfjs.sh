#!/bin/sh
# Vendor pdf.js (Mozilla, Apache-2.0) from the npm registry into api/static/pdfjs/, so the page
# renders cited PDF pages offline. The files are committed; run this only to change the version.
# npm verifies the tarball against the registry's sha512 integrity before unpacking it.
set -eu
VERSION="${1:-6.5.438}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/api/static/pdfjs"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "pdfjs-dist@$VERSION" >/dev/null
tar xzf "pdfjs-dist-$VERSION.tgz"
rm -rf "$DEST"
mkdir -p "$DEST"
# The display layer and its worker (the "legacy" build: polyfilled for browsers a few years
# old, as a municipality's managed desktops often are), the fonts a PDF may name without
# embedding them, and the image decoders (JPEG 2000, JBIG2 in scanned papers; with their
# non-wasm fallbacks).
cp package/legacy/build/pdf.min.mjs package/legacy/build/pdf.worker.min.mjs package/LICENSE "$DEST/"
cp -r package/standard_fonts package/wasm "$DEST/"
rm -f "$DEST"/wasm/quickjs-eval.*  # pdf.js runs no PDF JavaScript here (scripting is off)
echo "pdfjs-dist $VERSION" > "$DEST/VERSION"
du -sh "$DEST"
