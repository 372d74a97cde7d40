# Shared helpers for the corpus build scripts written by rb3. Source it after setting F (folder), C (commit), GH (owner/name).
# The mirror comes from the search tool's fetch of github:$GH (a git dir under /work/.mirror/).
set -e
S=/work/corpus/src/$F; M=/work/.mirror/${GH/\//+}/repo; CMD=/work/corpus/cmd/$F
# Paths whose blobs are absent from the snapshot (its largest files, e.g. binaries).
missing_blobs() {
  local t; t=$(mktemp -d)
  git -C "$M" ls-tree -r "$C" | awk -F'\t' '{split($1,a," "); if (a[2]=="blob") print a[3]}' | git -C "$M" cat-file --batch-check > "$t/h"
  git -C "$M" ls-tree -r "$C" | awk -F'\t' '{split($1,a," "); if (a[2]=="blob") print $2}' > "$t/p"
  paste "$t/h" "$t/p" | awk -F'\t' '$1 ~ / missing$/ {print $2}'; rm -rf "$t"; }
# Extract the tree at $C into $S (absent blobs left out), drop a root global.json (SDK pin).
extract() {
  rm -rf "$S" "$CMD"; mkdir -p "$S"
  local ex=() f
  while IFS= read -r f; do ex+=(":(exclude)$f"); echo "absent from the snapshot, skipped: $f" >&2; done < <(missing_blobs)
  git -C "$M" archive "$C" -- . "${ex[@]}" | tar -x -C "$S"; cd "$S"; rm -f global.json; }
B() { local p=$1 t=$2; shift 2; dotnet build "$p" -c Release -f "$t" --no-incremental -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false -p:SignAssembly=false -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets -p:AGCaptureDir=$CMD "$@"; }
# keep only the listed rsp files (names without .rsp)
keep() { cd "$CMD"; for f in *.rsp; do local k=0; for n in "$@"; do [ "$f" = "$n.rsp" ] && k=1; done; [ $k = 1 ] || rm -f "$f"; done; ls "$CMD"; }
