#!/usr/bin/env bash
# Copies the browser libraries installed by npm into static/vendor (never committed, never from a CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p static/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io.min.js
cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chart.umd.min.js
cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
