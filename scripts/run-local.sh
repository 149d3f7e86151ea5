#!/usr/bin/env bash
# Runs Toolgate locally on embedded defaults. The gateway is not built yet (issue 5).
echo "not yet: the gateway arrives with the gateway-core work; ./mvnw -B verify runs the tests" >&2
exit 1
