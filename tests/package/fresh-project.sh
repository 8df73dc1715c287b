#!/usr/bin/env bash
# The NuGet package in a fresh project (issue 14): packs src/Rewind to a local feed, creates a new console project in a
# temporary folder outside the repository, adds the package from that feed with `dotnet add package --source`, puts the
# API sample of docs/nuget/README.md (the package README) in Program.cs as it is written, and runs it: a 1-level
# prune-and-train of LeNet-300-100 on generated data, then a compacted ONNX export. Ends with "package check: ok", or
# names what failed and exits non-zero.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d /tmp/rewind-package-XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "package check failed: $*" >&2; exit 1; }
start=$(date +%s)

# A version of its own per check: NuGet never re-extracts a version it has cached, so a fixed version would test an
# older build of the package on any machine that ran the check before.
version="$(sed -nE 's|.*<Version>([^<]+)</Version>.*|\1|p' "$root/src/Rewind/Rewind.csproj" | head -1)-check.$(date +%s%N)"
dotnet pack "$root/src/Rewind/Rewind.csproj" -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet >"$work/pack.log" 2>&1 \
  || { tail -20 "$work/pack.log" >&2; fail "dotnet pack"; }
[ -f "$work/feed/Rewind.$version.nupkg" ] || fail "no Rewind.$version.nupkg in the feed"
[ -f "$work/feed/Rewind.$version.snupkg" ] || fail "no symbols package Rewind.$version.snupkg"
listing="$(unzip -l "$work/feed/Rewind.$version.nupkg")"   # (not piped into grep -q: pipefail + SIGPIPE)
for f in README.md LICENSE build/Rewind.targets buildTransitive/Rewind.targets lib/net10.0/Rewind.Core.xml; do
  grep -q " $f\$" <<<"$listing" || fail "the package lacks $f"
done

dotnet new console -o "$work/app" -n App --framework net10.0 >"$work/new.log" 2>&1 || { cat "$work/new.log" >&2; fail "dotnet new console"; }
# The sample exactly as the package README shows it.
awk '/<!-- api-sample/{on=1; next} /<!-- \/api-sample/{on=0} on' "$root/docs/nuget/README.md" | sed '/^```/d' >"$work/app/Program.cs"
grep -q "ModelExport.Export" "$work/app/Program.cs" || fail "no API sample found in docs/nuget/README.md"
cmp -s <(awk '/<!-- api-sample/{on=1; next} /<!-- \/api-sample/{on=0} on' "$root/docs/nuget/README.md") \
       <(awk '/<!-- api-sample/{on=1; next} /<!-- \/api-sample/{on=0} on' "$root/docs/guide/shipping.md") \
  || fail "the API samples of docs/nuget/README.md and docs/guide/shipping.md differ"
awk '/^```yaml/{on=1; next} /^```/{on=0} on' "$root/docs/nuget/README.md" >"$work/app/spec.yaml"

(cd "$work/app" && dotnet add package Rewind --version "$version" --source "$work/feed" >"$work/add.log" 2>&1) \
  || { tail -20 "$work/add.log" >&2; fail "dotnet add package"; }
(cd "$work/app" && dotnet run -c Release >"$work/run.log" 2>&1) || { tail -30 "$work/run.log" >&2; fail "dotnet run"; }
grep -q "^level 1: 80" "$work/run.log" || { cat "$work/run.log" >&2; fail "no 'level 1: 80 %' line from the run"; }
[ -s "$work/app/ticket.onnx" ] || fail "no ticket.onnx written"
cat "$work/run.log"
echo "fresh project: package Rewind $version from a local feed, 1-level prune-and-train and ONNX export in $(( $(date +%s) - start )) s"
echo "package check: ok"
