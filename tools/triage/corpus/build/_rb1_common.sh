# sourced by the per-repository build scripts
# ag_build <folder> <project.csproj> <tfm> [extra msbuild args...]
ag_build() {
  local folder=$1 proj=$2 tfm=$3; shift 3
  dotnet build "$proj" -c Release -f "$tfm" --no-incremental -nologo -v:m \
    -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false $([ "${AG_SIGN:-0}" = 1 ] || echo -p:SignAssembly=false) \
    -p:CustomAfterMicrosoftCommonTargets=/work/corpus/bin/capture.targets \
    -p:AGCaptureDir=/work/corpus/cmd/$folder "$@"
}
# ag_keep <folder> <rsp names without .rsp...>: delete the other captured command lines of the folder
ag_keep() {
  local folder=$1; shift
  local f n keep
  for f in /work/corpus/cmd/$folder/*.rsp; do
    n=$(basename "$f" .rsp); keep=0
    for k in "$@"; do [ "$n" = "$k" ] && keep=1; done
    [ $keep = 1 ] || { echo "dropping $n.rsp"; rm -f "$f"; }
  done
}
# ag_fresh <folder> <mirror> <commit> [paths...]: empty the source and capture folders and extract the tree
ag_fresh() {
  local folder=$1 m=$2 c=$3; shift 3
  rm -rf /work/corpus/src/$folder /work/corpus/cmd/$folder
  mkdir -p /work/corpus/src/$folder /work/corpus/cmd/$folder
  /work/corpus/bin/build/_rb1_extract.sh "$m" "$c" /work/corpus/src/$folder "$@"
}
