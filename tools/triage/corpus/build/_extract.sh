# sourced by the build scripts: extract_tree MIRROR COMMIT DEST
# extracts the whole tree at COMMIT, leaving out blobs the mirror does not hold (large binaries), listed on stderr
extract_tree() {
  local M=$1 C=$2 D=$3 ex=() p
  while IFS= read -r p; do ex+=(":(exclude)$p"); echo "absent from the mirror, skipped: $p" >&2; done < <(
    git -C "$M" ls-tree -r "$C" | awk -F'\t' '{split($1,a," "); if (a[2]=="blob") print a[3]"\t"$2}' > /tmp/extract.$$.list
    cut -f1 /tmp/extract.$$.list | git -C "$M" cat-file --batch-check='%(objecttype)' | paste - /tmp/extract.$$.list |
      awk -F'\t' '$1 ~ /missing$/ {print $3}'
    rm -f /tmp/extract.$$.list)
  mkdir -p "$D"
  git -C "$M" archive "$C" -- . "${ex[@]}" 2>/dev/null | tar -x -C "$D"
}
