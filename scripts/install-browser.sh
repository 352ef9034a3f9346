#!/bin/sh
# Installs a Chromium for tender-audit: Debian's package where apt-get is usable, else Playwright's.
set -e
PY="${1:-python3}"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium with apt-get..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
else
  echo "Installing Playwright's Chromium..."
  "$PY" -m playwright install chromium
fi
