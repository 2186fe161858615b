#!/usr/bin/env bash
# Starts the production build for the e2e suite on a fresh, demo-seeded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-3100}"
dir="$(mktemp -d /tmp/rapport-e2e.XXXXXX)"
export SQLITE_PATH="$dir/e2e.sqlite"
export RAPPORT_DATA_DIR="$dir/files"
export RAPPORT_FIXTURE_PLUGINS=1
# Sensitive customer fields need a data key: the generated local key file, as in the demo.
export RAPPORT_DEMO=1
export RAPPORT_DATA_KEY_FILE="$dir/.data-key"
export NEXTAUTH_SECRET="e2e-secret-$(date +%s)"
export NEXTAUTH_URL="http://127.0.0.1:$port"
export NEXT_TELEMETRY_DISABLED=1
export LOG_LEVEL=warn
unset DATABASE_URL REDIS_URL
npx tsx prisma-free-db/cli.ts seed-demo
if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then npx next build; fi
exec npx next start -p "$port" -H 127.0.0.1
