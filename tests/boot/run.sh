#!/usr/bin/env bash
# run.sh OUT MODE [NAME...]: the boot scenarios of MODE against the image in OUT.
set -euo pipefail
out=$(cd "$1" && pwd)
shift
exec python3 "$(dirname "$0")/run.py" "$out" "$@"
