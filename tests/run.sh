#!/usr/bin/env bash
# The one test command (README): installs what the tests need, then runs every test of the solution.
# On a fresh Debian machine with only the .NET SDK, Node and npm, this is all the set-up there is.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium renders cards with the official adaptivecards renderer and drives the Agents Playground.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing chromium (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing and this is not root: install the Debian package 'chromium' first" >&2
    exit 1
  fi
fi

echo "== npm packages (tests/node, manifest)"
npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
npm ci --prefix manifest --no-audit --no-fund --loglevel=error

# A throw-away PostgreSQL cluster for the PostgreSQL tests (tests/postgres.sh), stopped whatever happens next.
echo "== PostgreSQL (tests/postgres.sh)"
pg_env=$(bash tests/postgres.sh start)
eval "$pg_env"
trap 'bash tests/postgres.sh stop || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== dotnet test"
results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test ChatOpsBot.sln --configuration Release \
  --logger "console;verbosity=minimal" --logger trx --results-directory "$results" "$@" || status=$?

# One closing line over every test project, from the TRX files the run wrote.
node -e '
  const fs = require("fs"), path = require("path");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(process.argv[1]).filter(f => f.endsWith(".trx"))) {
    const c = /<Counters[^>]*>/.exec(fs.readFileSync(path.join(process.argv[1], f), "utf8"))[0];
    const n = k => Number((new RegExp(" " + k + "=\"(\\d+)\"").exec(c) || [0, 0])[1]);
    passed += n("passed"); failed += n("failed") + n("error") + n("timeout") + n("aborted");
    skipped += n("notExecuted");
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
exit "$status"
