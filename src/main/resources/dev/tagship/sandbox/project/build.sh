#!/bin/sh
# Builds the shop's web site into build/site, stamped with the version being built.
set -eu
rm -rf build/site
mkdir -p build/site
sed "s/@VERSION@/${VERSION:-dev}/g" site/index.html > build/site/index.html
echo "built build/site/index.html for version ${VERSION:-dev}"
