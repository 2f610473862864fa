#!/usr/bin/env bash
# Proves a refactor left the synthesized output unchanged: synthesizes the default profile, the Acme profile the
# tests use (test/support/profiles.ts) and a generated 1,000-account profile at <base-ref> and at the working
# tree, then compares the two cdktf.out trees byte for byte. inputs.json is left out: it is the incremental
# cache's record and carries the generator's own version, which changes with every source edit by design.
#   scripts/same-output.sh <base-ref> [accounts]
set -euo pipefail
base=${1:?usage: scripts/same-output.sh <base-ref> [accounts]}
accounts=${2:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The base checkout sits beside this one so its ../shared resolves the same way.
git -C "$root" worktree add -q --detach "$work/base" "$base"
ln -s "$root/node_modules" "$work/base/node_modules"
ln -s "$(cd "$root/.." && pwd)/shared" "$work/shared"
profiles=$(cd "$root" && node --import tsx -e "
  const { writeProfile } = require('./bench/generate');
  const { ACME } = require('./test/support/profiles');
  console.log(['config/org.yaml', ACME, writeProfile('$work/generated', $accounts)].join('\n'));")
synth() { # <checkout> <profile> <out>
  (cd "$1" && node bin/patchline.js synth "$2" --out "$3" --full --as-of 2026-11-24 >/dev/null 2>&1)
}
status=0
while read -r profile; do
  abs=$(cd "$root" && realpath "$profile")
  name=$(basename "$profile" .yaml)
  synth "$work/base" "$abs" "$work/out-base-$name"
  synth "$root" "$abs" "$work/out-head-$name"
  if diff -r -q -x inputs.json "$work/out-base-$name" "$work/out-head-$name"; then
    echo "same: $name ($(find "$work/out-head-$name" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $name"; status=1
  fi
done <<< "$profiles"
exit $status
