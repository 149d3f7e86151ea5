#!/usr/bin/env bash
# Build a minimal OpenTelemetry Collector (OTLP receiver, debug exporter) from the Go module
# proxy, for the gateway's tracing test: the gateway exports OTLP to it on loopback and the test
# reads the spans it prints. Cached like scripts/kube-binaries.sh: a second run exits at once.
#
#   ${OTELCOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/toolgate/otelcol}/<version>-r<recipe>/toolgate-otelcol
#
# Usage: otel-collector.sh [--print-path] [--force] [--help]
set -euo pipefail

# Every collector module at one release: core v0.165.0 goes with the v1.71.0 stable modules.
DEFAULT_OTELCOL_VERSION=0.165.0
# Raise when the generated main.go changes, so a cached binary of the old recipe is rebuilt.
RECIPE=3

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--print-path] [--force] [--help]

Builds toolgate-otelcol (go.opentelemetry.io/collector: otelcol, otlpreceiver, debugexporter,
fileprovider) with the local Go toolchain into

  \${OTELCOL_DIR:-\${XDG_CACHE_HOME:-\$HOME/.cache}/toolgate/otelcol}/<version>-r<recipe>/toolgate-otelcol

and prints its path. If the binary is already there, it exits at once.

Options:
  --print-path  print the binary's path and exit (whether built or not)
  --force       rebuild even if the binary is present
  -h, --help    show this help

Environment:
  OTELCOL_VERSION  collector core release (default ${DEFAULT_OTELCOL_VERSION})
  OTELCOL_DIR      cache directory (see above)
  GO               go binary (default: go on PATH, else /usr/local/go/bin/go)
  NICE             nice level for the Go build (default 10)
  GOMODCACHE, GOCACHE, GOPROXY, GOFLAGS are honoured as usual.
USAGE
}

log() { printf '[otel-collector] %s\n' "$*" >&2; }

print_path=false
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --print-path) print_path=true ;;
    --force) force=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; log "ERROR: unknown argument: $1"; exit 1 ;;
  esac
  shift
done

version="${OTELCOL_VERSION:-$DEFAULT_OTELCOL_VERSION}"
version="${version#v}"
dir="${OTELCOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/toolgate/otelcol}/${version}-r${RECIPE}"
binary="${dir}/toolgate-otelcol"
if $print_path; then
  echo "$binary"
  exit 0
fi
if [[ -x "$binary" ]] && ! $force; then
  echo "$binary"
  exit 0
fi

go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
# The stable modules (component, pipeline, ...) carry 1.x versions: 0.N.0 pairs with 1.(N-94).0.
minor="${version#0.}"
minor="${minor%%.*}"
stable="1.$((minor - 94)).0"

work="${dir}/src"
mkdir -p "$work"
cat >"${work}/main.go" <<'GO'
// A minimal collector: OTLP in (gRPC and HTTP), the debug exporter out. Toolgate's tracing test
// reads the spans the debug exporter prints at detailed verbosity.
package main

import (
	"log"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

func components() (otelcol.Factories, error) {
	receivers, err := otelcol.MakeFactoryMap[receiver.Factory](otlpreceiver.NewFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	exporters, err := otelcol.MakeFactoryMap[exporter.Factory](debugexporter.NewFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	return otelcol.Factories{
		Receivers: receivers,
		Exporters: exporters,
		Telemetry: otelconftelemetry.NewFactory(),
	}, nil
}

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "toolgate-otelcol",
			Description: "OTLP receiver and debug exporter for Toolgate's tests",
			Version:     "toolgate",
		},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory()},
				DefaultScheme:     "file",
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}
GO
cd "$work"
rm -f go.mod go.sum
"$go_bin" mod init toolgate.local/otelcol >/dev/null 2>&1
log "resolving collector v${version} (stable v${stable})"
"$go_bin" get \
  "go.opentelemetry.io/collector/otelcol@v${version}" \
  "go.opentelemetry.io/collector/receiver/otlpreceiver@v${version}" \
  "go.opentelemetry.io/collector/exporter/debugexporter@v${version}" \
  "go.opentelemetry.io/collector/service@v${version}" \
  "go.opentelemetry.io/collector/confmap/provider/fileprovider@v${stable}" \
  "go.opentelemetry.io/collector/confmap@v${stable}" \
  "go.opentelemetry.io/collector/component@v${stable}" \
  "go.opentelemetry.io/collector/exporter@v${stable}" \
  "go.opentelemetry.io/collector/receiver@v${stable}" >&2
"$go_bin" mod tidy >&2
log "building (nice ${NICE:-10})"
start=$(date +%s)
CGO_ENABLED=0 nice -n "${NICE:-10}" "$go_bin" build -trimpath -o "${binary}.tmp" . >&2
mv "${binary}.tmp" "$binary"
log "built in $(( $(date +%s) - start ))s: $binary"
echo "$binary"
