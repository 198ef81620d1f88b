#!/bin/sh
# Builds the Jenkins agent image with tagship in it, with tagship itself (no Docker daemon):
# a Java 17 runtime base image from your registry, plus target/tagship.jar and its launcher.
#
#   resources/dev/tagship/build-agent-image.sh myreg.azurecr.io 0.1.0 [BASE_IMAGE]
#
# Registry sign-in as for tagship push (Azure identity, TAGSHIP_REGISTRY_USERNAME/PASSWORD or a
# Docker config). Extra options (e.g. --plain-http) are passed on to tagship push.
set -eu
registry=${1:?usage: build-agent-image.sh REGISTRY VERSION [BASE_IMAGE] [PUSH OPTIONS...]}
version=${2:?usage: build-agent-image.sh REGISTRY VERSION [BASE_IMAGE] [PUSH OPTIONS...]}
base=${3:-$registry/base/eclipse-temurin:17-jre}
shift 2
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
[ -f "$repo/target/tagship.jar" ] || (cd "$repo" && mvn -q package -DskipTests)
exec "${TAGSHIP:-tagship}" push --registry "$registry" --repository tools/tagship-agent \
  --tag "$version" --tag latest --base "$base" \
  --add "$repo/target/tagship.jar:/opt/tagship/" \
  --add "$here/tagship:/usr/local/bin/" \
  --label org.opencontainers.image.title=tagship-agent "$@"
