# Sourced by the test and bench scripts: makes sure a Redis answers at
# BEACON_TEST_REDIS_URL (default redis://127.0.0.1:6379/15). When none does
# and redis-server is installed, it starts a throwaway one (no persistence)
# and stops it on exit; when redis-server is missing it says how to install it.

redis_answers() { # host port
  local reply
  { exec 3<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3>&-
  [[ "$reply" == +PONG* ]]
}

ensure_redis() {
  export BEACON_TEST_REDIS_URL="${BEACON_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
  local hostport host port
  hostport="${BEACON_TEST_REDIS_URL#redis://}"; hostport="${hostport%%/*}"; hostport="${hostport##*@}"
  host="${hostport%:*}"; port="${hostport##*:}"
  if redis_answers "$host" "$port"; then
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "Redis does not answer at $BEACON_TEST_REDIS_URL and redis-server is not installed." >&2
    echo "Install it (Debian/Ubuntu: apt-get install redis-server) or point BEACON_TEST_REDIS_URL at a Redis." >&2
    return 1
  fi
  port=6390
  while redis_answers 127.0.0.1 "$port"; do port=$((port + 1)); done
  BEACON_REDIS_DIR="$(mktemp -d)"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$BEACON_REDIS_DIR" --pidfile "$BEACON_REDIS_DIR/redis.pid" --logfile "$BEACON_REDIS_DIR/redis.log"
  trap 'kill "$(cat "$BEACON_REDIS_DIR/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$BEACON_REDIS_DIR"' EXIT
  for _ in $(seq 50); do
    redis_answers 127.0.0.1 "$port" && break
    sleep 0.1
  done
  redis_answers 127.0.0.1 "$port" || { echo "the throwaway redis-server did not start; see $BEACON_REDIS_DIR/redis.log" >&2; return 1; }
  export BEACON_TEST_REDIS_URL="redis://127.0.0.1:$port/15"
  echo "started a throwaway redis-server for the tests at $BEACON_TEST_REDIS_URL" >&2
}
