#!/usr/bin/env bash
# make test: lint, then every test with the race detector against real SQLite
# files and a real Redis (started here when none answers).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/redis.sh
source scripts/tools.sh
ensure_redis
check_tools
ensure_vnu
make --no-print-directory lint
go test -race -count=1 -timeout 15m ./...
