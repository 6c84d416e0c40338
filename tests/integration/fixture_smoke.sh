#!/usr/bin/env bash
# Proves that the Prosody started by tests/fixture/prosody-fixture.sh works, with a client that is
# not ours (slixmpp, Debian's python3-slixmpp): STARTTLS with certificate verification, the SCRAM
# mechanism that server.env's NATTER_TEST_HASH promises, and a message from alice to bob.
#   fixture_smoke.sh [SERVER_ENV]   (default: $NATTER_TEST_SERVER_ENV)
set -euo pipefail

env_file=${1:-${NATTER_TEST_SERVER_ENV:-}}
[[ -n $env_file ]] || { echo "fixture-smoke: FAIL: give server.env or set NATTER_TEST_SERVER_ENV" >&2; exit 1; }
[[ -r $env_file ]] || { echo "fixture-smoke: FAIL: cannot read $env_file (did the fixture start?)" >&2; exit 1; }
set -a
# shellcheck source=/dev/null
source "$env_file"
set +a

python=/usr/bin/python3
[[ -x $python ]] || python=python3
"$python" -c 'import slixmpp' 2>/dev/null ||
    { echo "fixture-smoke: FAIL: slixmpp missing (apt-get install python3-slixmpp)" >&2; exit 1; }
exec "$python" "$(dirname "$0")/../fixture/slixmpp_check.py"
