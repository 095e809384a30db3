#!/usr/bin/env bash
# Builds the linux-x64 release archive: the native host tools (hvt-tender, hvt-devemu, solo5-manifest,
# NativeAOT: no .NET needed to run them), the Solo5Net.Sdk and Solo5Net.Templates packages (for guest
# developers, who have the .NET SDK) and the docs. README.md "Installing a release" says how to use it.
#
#   scripts/package.sh [--output DIR]      → DIR/solo5net-VERSION-linux-x64.tar.gz (default DIR: artifacts/release)
#
# Builds in Release first (incremental). Prints the archive's path as its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

output=$here/artifacts/release
while [[ $# -gt 0 ]]; do
    case $1 in
        --output) [[ -n ${2:-} ]] || { echo "package: --output needs a directory" >&2; exit 2; }
                  output=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
        *) echo "package: unknown argument $1 (usage: scripts/package.sh [--output DIR])" >&2; exit 2 ;;
    esac
    shift
done

version=$(dotnet msbuild guest/Guest.Sdk/Solo5Net.Sdk.csproj -getProperty:Version -nologo)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "package: cannot read the version (got '$version')" >&2; exit 1; }
name=solo5net-$version-linux-x64

# Each build also publishes its tool natively to artifacts/NAME/Release/ (tender/PublishNative.targets).
for project in tender/Hvt.Tender devices/Hvt.DevEmu manifest/Manifest.Cli; do
    dotnet build "$project" -c Release -v q -nologo >&2
done
packages=$(mktemp -d)
stage=$(mktemp -d)
trap 'rm -rf "$packages" "$stage"' EXIT
for project in guest/Guest.Sdk guest/Guest.Templates; do
    dotnet pack "$project" -c Release -o "$packages" -v q -nologo >&2
done

root=$stage/$name
mkdir -p "$root/bin" "$root/packages" "$root/docs"
for tool in hvt-tender hvt-devemu solo5-manifest; do
    install -m 0755 "artifacts/$tool/Release/$tool" "$root/bin/$tool"
done
cp "$packages"/Solo5Net.Sdk."$version".nupkg "$packages"/Solo5Net.Templates."$version".nupkg "$root/packages/"
cp README.md "$root/"
cp docs/*.md "$root/docs/"

mkdir -p "$output"
tar -C "$stage" -czf "$output/$name.tar.gz" "$name"
echo "$output/$name.tar.gz"
