#!/usr/bin/env bash
# Assembles the browser deliverables from the extension sources and the engine
# build. Run from the repository root after build.sh has produced:
#   pkg/claimlens.js, pkg/claimlens_bg.wasm   (wasm-bindgen --target web)
#   dist/corpus/seeds.clc                     (the compiled bundled corpus)
# Produces (each recreated from scratch, so running it twice gives the same result):
#   dist/chrome/, dist/claimlens-chrome.zip     unpacked and zipped Chromium extension
#   dist/firefox/, dist/claimlens-firefox.xpi   the same for Firefox
#   dist/www/                                   the static demo page
# Needs: bash, cp, zip.
set -euo pipefail

root="$(pwd)"
dist="$root/dist"

for required in pkg/claimlens.js pkg/claimlens_bg.wasm dist/corpus/seeds.clc extension/manifest.json; do
  if [[ ! -f "$root/$required" ]]; then
    echo "package-extension: missing $required (run build.sh first, from the repo root)" >&2
    exit 1
  fi
done
command -v zip >/dev/null || { echo "package-extension: 'zip' is not installed" >&2; exit 1; }

# The engine's files, laid out as the extension and the demo expect them.
add_engine() {
  local target="$1"
  mkdir -p "$target/pkg" "$target/corpus"
  cp "$root/pkg/claimlens.js" "$root/pkg/claimlens_bg.wasm" "$target/pkg/"
  cp "$root/dist/corpus/seeds.clc" "$target/corpus/"
}

# One extension source serves both browsers: the manifest carries both
# background keys (Chromium reads service_worker, Firefox reads scripts) and
# Firefox's gecko id, which Chromium ignores. So both packages are identical
# copies; two folders keep each store's upload self-contained.
for browser in chrome firefox; do
  rm -rf "${dist:?}/$browser"
  mkdir -p "$dist/$browser"
  cp -R "$root/extension/." "$dist/$browser/"
  add_engine "$dist/$browser"
done

rm -f "$dist/claimlens-chrome.zip" "$dist/claimlens-firefox.xpi"
# -X drops extra file attributes; the archive root must be the manifest's folder.
(cd "$dist/chrome" && zip -qrX "$dist/claimlens-chrome.zip" .)
(cd "$dist/firefox" && zip -qrX "$dist/claimlens-firefox.xpi" .)

# The demo page reuses the content script's DOM code unchanged: the shared
# files go next to it in content/ (main.js and transport.js are extension-only).
rm -rf "$dist/www"
mkdir -p "$dist/www/content"
cp -R "$root/www/." "$dist/www/"
for shared in namespace.js schedule.js collect.js highlight.js relations.js differences.js note-style.js note.js session.js marks.css; do
  cp "$root/extension/content/$shared" "$dist/www/content/"
done
# The article label and the reader's text view are ES modules shared with the demo.
cp -R "$root/extension/shared" "$dist/www/shared"
cp "$root/extension/icons/claimlens.svg" "$dist/www/favicon.svg"
add_engine "$dist/www"

echo "package-extension: wrote dist/chrome, dist/firefox, dist/claimlens-chrome.zip, dist/claimlens-firefox.xpi, dist/www"
