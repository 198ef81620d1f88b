#!/bin/sh
# The team's smoke test, run after each deploy inside rollbackOnFailure: when it fails, the release
# goes back to its last good revision. Against a real cluster it would call the service, e.g.
#   curl -fsS "https://shop.example.com/health"
# In the sandbox there is no service to call, so it checks the page it deployed.
set -eu
grep -q "${VERSION}" build/site/index.html
echo "smoke test passed: the shop page shows version ${VERSION}"
