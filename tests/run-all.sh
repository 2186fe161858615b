#!/usr/bin/env bash
# The whole test suite (what `npm test` runs): typecheck, lint, unit/integration, e2e.
# Unit/integration tests start their own throwaway PostgreSQL and Redis
# (tests/support/services.ts); the system services are never used.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

header() {
  printf '\n\033[1m==================== %s ====================\033[0m\n' "$*"
}

fail() {
  printf '\n\033[31mERROR: %s\033[0m\n' "$*" >&2
  exit 1
}

# --- prerequisites -------------------------------------------------------------------------
header "Checking prerequisites"
missing=()
packages=()
pg_initdb=""
if [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/initdb" ]]; then
  pg_initdb="${PG_BIN}/initdb"
else
  for candidate in /usr/lib/postgresql/*/bin/initdb; do
    [[ -x "$candidate" ]] && pg_initdb="$candidate"
  done
  if [[ -z "$pg_initdb" ]] && command -v initdb >/dev/null 2>&1; then
    pg_initdb="$(command -v initdb)"
  fi
fi
if [[ -z "$pg_initdb" ]]; then
  missing+=("PostgreSQL server (initdb)")
  packages+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=("redis-server")
  packages+=(redis-server)
fi
if [[ ! -x /usr/bin/chromium ]]; then
  missing+=("Chromium (/usr/bin/chromium)")
  packages+=(chromium)
fi
if (( ${#missing[@]} > 0 )); then
  printf -v missing_list '%s, ' "${missing[@]}"
  fail "missing: ${missing_list%, }
Install with: apt-get update && apt-get install -y --no-install-recommends ${packages[*]}
(or run: bash .ci/run, which installs them)"
fi
echo "initdb:       $pg_initdb"
echo "redis-server: $(command -v redis-server)"
echo "chromium:     /usr/bin/chromium"

# --- steps ---------------------------------------------------------------------------------
header "1/4 Typecheck (npm run typecheck)"
npm run typecheck

header "2/4 Lint (npm run lint)"
npm run lint

header "3/4 Unit and integration tests (vitest run)"
npx vitest run

header "4/4 End-to-end tests (playwright test)"
if [[ ! -f playwright.config.ts ]]; then
  fail "playwright.config.ts not found — the e2e suite cannot run. Failing the test run."
fi
npx playwright test

header "All test steps passed"
