#!/usr/bin/env bash
# Installs everything xmargin needs (pnpm included) and runs one of the root package scripts.
#   bash scripts/run.sh dev     # install, then start the local devnet (later: indexer + API)
#   bash scripts/run.sh test    # install (Debian's chromium too, for the browser tests), then run the whole test suite
# Needs only Node >= 20 and npm; pnpm is installed into .xmargin/tools when it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
tools="$root/.xmargin/tools"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want_pnpm" ]; then
  if [ ! -x "$tools/bin/pnpm" ] || [ "$("$tools/bin/pnpm" --version)" != "$want_pnpm" ]; then
    echo "xmargin: installing pnpm@$want_pnpm into .xmargin/tools" >&2
    npm install --global --prefix "$tools" --no-audit --no-fund --loglevel=error "pnpm@$want_pnpm" >/dev/null
  fi
  export PATH="$tools/bin:$PATH"
fi

# better-sqlite3 builds from source on Node 20; point node-gyp at the local headers when present
# so it does not try to download them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

pnpm install --frozen-lockfile --reporter=silent

# The web dashboard (apps/web), which `xmargin dev` and `xmargin serve` serve at /: turbo caches the
# build, so this is a no-op when nothing changed.
if ! built=$(pnpm exec turbo run build --filter=@xmargin/web --only --output-logs=errors-only 2>&1); then
  printf '%s\n' "$built" >&2
  exit 1
fi

# The browser tests drive Debian's Chromium (Playwright's own download does not work offline).
if [ "${1:-}" = test ] && [ ! -x /usr/bin/chromium ]; then
  apt=(apt-get -y -qq --no-install-recommends install chromium)
  if [ "$(id -u)" = 0 ]; then sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else
    echo "xmargin: the browser tests need Debian's chromium; run: sudo apt-get install chromium" >&2
    exit 1
  fi
  echo "xmargin: installing Debian's chromium for the browser tests" >&2
  "${sudo[@]}" "${apt[@]}" >/dev/null || { "${sudo[@]}" apt-get -qq update && "${sudo[@]}" "${apt[@]}" >/dev/null; }
fi

[ "$#" -gt 0 ] || exit 0
exec pnpm run "$@"
