#!/usr/bin/env bash
# Installs the pinned dependencies with npm ci (the Makefile's install rules): `runtime`, what the build and the SQL
# runner need (package.json's dependencies), or `all`, with the devDependencies too (the tests, type checks, the
# explorer's build and the mutation tests). npm ci empties node_modules first, so the stamps are written after it:
# node_modules/.installed for either set, node_modules/.installed-all for the whole.
set -euo pipefail
set_name=$1

# A copy of the project made by the tests links node_modules to the checkout it came from. npm ci there would empty
# that checkout's node_modules under every other test and build using it: refuse, and say where to install instead.
if [ -L node_modules ]; then
  target=$(readlink -f node_modules || true)
  echo "make: node_modules is a link to ${target:-a missing folder}, shared with another checkout; installing here would replace its packages." >&2
  echo "  → Run \`make install\` (or the command you ran) in the checkout that owns it, ${target%/node_modules}." >&2
  exit 1
fi

case $set_name in
  runtime)
    echo 'Installing the dependencies of the build (npm ci --omit=dev: about 115 MB, a minute or two the first time)...'
    omit=(--omit=dev) ;;
  all)
    echo 'Installing every dependency, with the tools of the tests (npm ci: about 615 MB, a few minutes the first time)...'
    omit=() ;;
  *) echo "install.sh: give runtime or all, not '$set_name'" >&2; exit 70 ;;
esac
echo "npm ci ${omit[*]:+${omit[*]} }--ignore-scripts --no-audit --no-fund"
npm ci "${omit[@]}" --ignore-scripts --no-audit --no-fund
# .installed last: with the whole set wanted, it depends on .installed-all, and must not look older than it.
if [ "$set_name" = all ]; then touch node_modules/.installed-all; fi
touch node_modules/.installed
