#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests, installing Debian's when it can.
# Order: $CHROMIUM_PATH, then /usr/bin/chromium, then `apt-get install chromium` (root only).
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
	if [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; exit 0; fi
	echo "CHROMIUM_PATH is set to '$CHROMIUM_PATH', but no executable is there." >&2
	exit 1
fi

if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "No Chromium found: installing Debian's chromium package..." >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y --no-install-recommends chromium >&2
	if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
fi

cat >&2 <<'MSG'
The browser tests need Chromium, and none was found.
Install one (on Debian or Ubuntu: `sudo apt-get install chromium`), or point CHROMIUM_PATH at a
Chromium or Chrome executable, e.g. `CHROMIUM_PATH=/path/to/chrome npm test`.
MSG
exit 1
