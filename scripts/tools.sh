# Sourced by the test script: makes sure the browser and the HTML checker the
# tests use are here, installing what a package manager can give.

VNU_VERSION=26.9.27
VNU_DIR="${HOME}/.cache/beacon/vnu"

ensure_vnu() {
  export BEACON_VNU_JAR="$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
  [ -f "$BEACON_VNU_JAR" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "npm is needed to install the HTML checker: apt-get install npm" >&2; return 1; }
  mkdir -p "$VNU_DIR"
  echo "installing the Nu HTML Checker (npm vnu-jar@$VNU_VERSION) into $VNU_DIR" >&2
  npm install --prefix "$VNU_DIR" --no-audit --no-fund --silent "vnu-jar@$VNU_VERSION" >&2
}

check_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=("default-jre-headless (java, for the HTML checker)")
  command -v chromium >/dev/null 2>&1 || [ -n "${BEACON_CHROMIUM:-}" ] || missing+=("chromium (for the browser tests)")
  command -v xmllint >/dev/null 2>&1 || missing+=("libxml2-utils (xmllint, for the CAP schema tests)")
  command -v node >/dev/null 2>&1 || missing+=("nodejs (node, for the service worker tests)")
  if ((${#missing[@]})); then
    echo "missing: ${missing[*]}. Install with apt-get install, or run .ci/run, which does." >&2
    return 1
  fi
}
