# assessbridge: `make run` starts the demo; `make test` runs every test.
# Both install what is missing first (Debian packages, npm packages).

SHELL        := /bin/bash
GO           ?= go
NPM          ?= npm
BIN          := bin
DESKTOP_TAGS := desktop,production,webkit2_41
GO_SOURCES   := $(shell find . -name '*.go' -not -path './frontend/node_modules/*') go.mod go.sum
UI_SOURCES   := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json

.PHONY: all run test server desktop deps frontend go-test fuzz fuzz-short ui-test e2e smoke bench screenshots vulncheck clean

all: server

## deps: Debian packages for the desktop window, the smoke test and the browser tests
deps:
	@bash scripts/install-deps.sh

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(UI_SOURCES)
	cd frontend && $(NPM) run --silent build

## frontend: build the admin UI into frontend/dist (embedded in the binary)
frontend: frontend/dist/index.html

## server: the headless binary (serve, demo), no GTK/WebKit, CGO off
server: $(BIN)/assessbridge
$(BIN)/assessbridge: frontend/dist/index.html $(GO_SOURCES)
	CGO_ENABLED=0 $(GO) build -o $@ .

## desktop: the desktop binary with the window (GTK, WebKitGTK 4.1)
desktop: deps $(BIN)/assessbridge-desktop
$(BIN)/assessbridge-desktop: frontend/dist/index.html $(GO_SOURCES)
	$(GO) build -tags $(DESKTOP_TAGS) -o $@ .

## run: the demo, with simulated Lever and Qualified (a window where a display exists)
run: desktop
	$(BIN)/assessbridge-desktop demo

## test: every test — Go (race), a short fuzz run, frontend unit, browser end-to-end, desktop smoke
test: deps frontend go-test fuzz-short ui-test e2e smoke

go-test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Fuzz targets (package:target); their seed corpora also run in plain `go test`.
FUZZ_TARGETS := backend/lever:FuzzParseDelivery backend/qualified:FuzzQualifiedParseWebhook \
                backend/webhook:FuzzReceiverLever backend/webhook:FuzzReceiverQualifiedPath
FUZZTIME ?= 10m

## fuzz: each webhook parser and check fuzzed for FUZZTIME (default 10m)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*}; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s

ui-test: frontend/node_modules/.installed
	cd frontend && $(NPM) run --silent test

e2e: server
	cd frontend && ASSESSBRIDGE_BIN=$(CURDIR)/$(BIN)/assessbridge $(NPM) run --silent e2e

smoke: desktop
	SMOKE_SCREENSHOT=$(CURDIR)/$(BIN)/desktop-smoke.png \
		bash scripts/desktop-smoke.sh $(CURDIR)/$(BIN)/assessbridge-desktop demo --pace 4 --data-dir "$$(mktemp -d)"

## screenshots: every screen, light and dark, into docs/screenshots (README's dashboard.png too)
screenshots: deps server
	cd frontend && ASSESSBRIDGE_BIN=$(CURDIR)/$(BIN)/assessbridge $(NPM) run --silent screenshots

## vulncheck: known vulnerabilities in the code and its modules (pinned govulncheck; needs vuln.go.dev)
GOVULNCHECK_VERSION := v1.1.4
vulncheck:
	$(GO) run golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION) ./...

## bench: the benchmarks, with their figures (see docs/benchmarks.md)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./app

clean:
	rm -rf $(BIN) frontend/dist/assets frontend/dist/index.html
