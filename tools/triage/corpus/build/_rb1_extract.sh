#!/bin/bash
# usage: _rb1_extract.sh <mirror git dir> <commit> <dest dir> [path prefix...]
# Extracts the tree at <commit> into <dest>, leaving out blobs absent from the snapshot (large files listed but not stored).
set -e
M=$1; C=$2; D=$3; shift 3
mkdir -p "$D"; D=$(cd "$D" && pwd)
IDX=$(mktemp /tmp/rb1idx.XXXXXX); rm -f "$IDX"
export GIT_INDEX_FILE=$IDX
git --git-dir="$M" read-tree "$C"
git --git-dir="$M" ls-files -s | awk '{print $2}' | git --git-dir="$M" cat-file --batch-check | awk '$2=="missing"{print $1}' | sort -u > "$IDX.miss"
if [ -s "$IDX.miss" ]; then
  git --git-dir="$M" ls-files -s | awk 'NR==FNR{m[$1]=1;next} ($2 in m){sub(/^[^\t]*\t/,""); print}' "$IDX.miss" - > "$IDX.paths"
  sed 's/^/absent from snapshot, skipped: /' "$IDX.paths" >&2
  git --git-dir="$M" update-index --force-remove --stdin < "$IDX.paths"
fi
if [ $# -eq 0 ]; then
  git --git-dir="$M" --work-tree="$D" checkout-index -a -f
else
  git --git-dir="$M" ls-files -- "$@" | git --git-dir="$M" --work-tree="$D" checkout-index -f --stdin
fi
rm -f "$IDX" "$IDX.miss" "$IDX.paths"
