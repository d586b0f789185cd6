# Sourced by scripts/run-*: create .venv in the repo root if missing and install
# the project with its test extras into it. The install is skipped while a stamp
# newer than pyproject.toml says it is done (delete .venv/.installed to force it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
PY="$ROOT/.venv/bin/python"
STAMP=.venv/.installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    "$PY" -m pip install -q --disable-pip-version-check -e '.[test]'
    touch "$STAMP"
fi
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
