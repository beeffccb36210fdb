# assessbridge: `make run` starts the demo; `make test` runs every test.
# Both install what is missing first (Debian packages, npm packages).

SHELL        := /bin/bash
GO           ?= go
NPM          ?= npm
BIN          := bin
DESKTOP_TAGS := desktop,production,webkit2_41
GO_SOURCES   := $(shell find . -name '*.go' -not -path './frontend/node_modules/*') go.mod go.sum
UI_SOURCES   := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json
# Every binary knows its version (the VERSION file) and the commit it was built from.
VERSION      := $(shell cat VERSION)
COMMIT       := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git diff --quiet HEAD -- 2>/dev/null || echo +modified)
LDFLAGS      := -X github.com/assessbridge/assessbridge/app.version=$(VERSION) -X github.com/assessbridge/assessbridge/app.commit=$(COMMIT)
export VERSION COMMIT LDFLAGS

.PHONY: all run test types server desktop deps frontend go-test cross cross-windows dist dist-test dist-linux dist-windows windows-package-check fuzz fuzz-short ui-test e2e smoke bench screenshots vulncheck bench-ui bench-coldstart clean

all: server

## deps: Debian packages for the desktop window, the smoke test and the browser tests
deps:
	@bash scripts/install-deps.sh

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(UI_SOURCES)
	cd frontend && $(NPM) run --silent build

## types: the UI's API types (frontend/src/api/types.gen.ts) from the Go answers in app/adminapi (tygo, pinned in
## build/apitypes); `make test` fails while the committed file is stale (TestTheUITypesAreGeneratedFromTheseTypes)
types:
	$(GO) tool -modfile=build/apitypes/go.mod tygo --config build/apitypes/tygo.yaml generate

## frontend: build the admin UI into frontend/dist (embedded in the binary)
frontend: frontend/dist/index.html

## server: the headless binary (serve, demo), no GTK/WebKit, CGO off
server: $(BIN)/assessbridge
$(BIN)/assessbridge: frontend/dist/index.html $(GO_SOURCES)
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $@ .
	@$@ version | grep -qF "assessbridge $(VERSION) (commit $(COMMIT)" || { echo "$@ does not know its version"; $@ version; exit 1; }

## desktop: the desktop binary with the window (GTK, WebKitGTK 4.1)
desktop: deps $(BIN)/assessbridge-desktop
$(BIN)/assessbridge-desktop: frontend/dist/index.html $(GO_SOURCES)
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "$(LDFLAGS)" -o $@ .

## run: the demo, with simulated Lever and Qualified (a window where a display exists)
run: desktop
	$(BIN)/assessbridge-desktop demo

## test: every test — Go (race), every system's build, a short fuzz run, frontend unit, browser
## end-to-end, desktop smoke
test: deps frontend go-test cross windows-package-check fuzz-short ui-test e2e smoke

go-test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## cross: every system compiles (compile only): the headless binary for linux, darwin and windows on amd64 and
## arm64, the Windows desktop app (Wails' Windows backend needs no cgo), and the code and tests behind the other
## systems' build tags type-check (go vet). The macOS window needs Apple's SDK: the release workflow builds it.
## About 2 to 3 minutes a target on a cold build cache on this 2-core machine, 5 to 10 seconds on a warm one.
CROSS_TARGETS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
cross: cross-windows
	@set -e; for t in $(CROSS_TARGETS); do \
		echo "cross: $$t"; \
		GOOS=$${t%/*} GOARCH=$${t#*/} CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o /dev/null .; \
	done
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./...
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet ./...
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet -tags desktop,production ./app

cross-windows: frontend/dist/index.html
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags desktop,production -ldflags "-H windowsgui $(LDFLAGS)" -o /dev/null .

## dist: every package into dist/, with dist/SHA256SUMS (docs/install.md): the Windows installer, the
## Linux .deb, .rpm and tarball, and the headless binary for linux, darwin and windows on amd64 and arm64.
## The macOS app is built on a macOS runner by .github/workflows/release.yml.
dist: frontend
	@bash scripts/install-dist-deps.sh
	bash scripts/dist.sh

## dist-linux: the Linux desktop app as dist/assessbridge_V_amd64.deb, dist/assessbridge-V-1.x86_64.rpm
## and dist/assessbridge-V-linux-amd64.tar.gz (nfpm, pinned in build/linux/tools/go.mod)
dist-linux: deps frontend
	@bash scripts/install-dist-deps.sh
	bash scripts/dist-linux.sh

## dist-windows: the Windows desktop app's installer, dist/assessbridge-V-windows-amd64-setup.exe
## (go-winres and the NSIS script in build/windows)
dist-windows: frontend
	@bash scripts/install-dist-deps.sh
	bash scripts/dist-windows.sh

## windows-package-check: the Windows resources (icon, version, manifest) and the Setup script build,
## around a stand-in exe: about 12 s on a warm build cache, 90 s on a cold one
windows-package-check:
	@bash scripts/install-dist-deps.sh --packaging-only
	bash scripts/dist-windows.sh --check

## dist-test: proves the packages here: the .deb installs, its desktop app shows the dashboard under Xvfb
## and is removed cleanly; the Windows build runs under Wine and its installer is listed and checked
dist-test: dist
	cd build/linux/tools && $(GO) test -count=1 ./icons
	SMOKE_SCREENSHOT=$(CURDIR)/$(BIN)/linux-installed.png bash scripts/dist-test-linux.sh
	bash scripts/dist-test-windows.sh

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

## fuzz-short: each target for a number of inputs rather than seconds: Go 1.26's fuzzing can fail a
## run that ends on a deadline with a bare "context deadline exceeded" when the CPU is busy
## (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=10000x

ui-test: frontend/node_modules/.installed
	cd frontend && $(NPM) run --silent typecheck:e2e
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

## bench: every performance figure, each printed with its method (docs/benchmarks.md): webhooks and
## a bulk move of 500 candidates in BENCH_BURSTS bursts (default 3; about 3 minutes each, set by
## Lever's rate limit), the dashboard API with 50,000 and 500,000 invitations and its UI with 50,000, a webhook's acknowledgement
## under synchronous NORMAL and FULL, the database after a simulated year, desktop cold start, binary size
BENCH_BURSTS ?= 3
bench:
	@echo "== Webhooks from 100 concurrent senders and a bulk move of 500 candidates: serve as its own process =="
	ASSESSBRIDGE_BENCH_BURSTS=$(BENCH_BURSTS) $(GO) test -run '^$$' -bench '^BenchmarkBurst500$$' -benchtime 1x -timeout 90m .
	@echo "== A webhook's share of the database writer, 100 concurrent senders, no HTTP =="
	$(GO) test -run '^$$' -bench '^BenchmarkAcceptLever$$' -benchtime 20000x ./backend/workflow
	@echo "== Dashboard API over HTTP, 50,000 invitations: every order under every filter, each p95 against 5 ms =="
	$(GO) test -run '^$$' -bench '^BenchmarkDashboardAPI50k$$' -benchtime 1x ./app
	@echo "== Dashboard API over HTTP, 500,000 invitations (written as demo --history writes them): each p95 against 30 ms =="
	$(GO) test -run '^$$' -bench '^BenchmarkDashboardAPI500k$$' -benchtime 1x -timeout 30m ./app
	@echo "== Insights API over HTTP, 50,000 invitations =="
	$(GO) test -run '^$$' -bench '^BenchmarkInsightsAPI50k$$' -benchtime 1x ./app
	@echo "== A webhook's acknowledgement in the database under synchronous NORMAL (kept) and FULL, 5 runs =="
	$(GO) test -run '^$$' -bench '^BenchmarkAckWriteSync$$' -benchtime 2000x -count 5 ./backend/sqlite
	@echo "== Database size after a simulated year of a busy team, with and without the daily pruning =="
	$(GO) test -run '^$$' -bench '^BenchmarkDatabaseSizeAfterAYear$$' -benchtime 1x -timeout 30m ./backend/sqlite
	@$(MAKE) --no-print-directory bench-ui
	@$(MAKE) --no-print-directory bench-coldstart

clean:
	rm -rf $(BIN) frontend/dist/assets frontend/dist/index.html

## bench-ui: the dashboard with 50,000 invitations in Chromium, phase by phase (open, scroll, filter,
## search, next page): longest main-thread task and longest frame, from performance traces. Not part
## of `make test`. BENCH_UI_ROUNDS (5), BENCH_UI_HISTORY (50000), BENCH_UI_PACE (1: the demo's live
## flow runs meanwhile) and BENCH_UI_TRACES (a folder to keep the traces in) change it; BENCH_UI_PHASES
## (e.g. scroll,insights) measures only those, BENCH_UI_PROFILE=1 adds V8's sampling profiler to the traces
## (read them with `node frontend/bench/long-frames.mjs <trace>`). Each phase ends with its goal line:
## no frame over 50 ms in any round.
BENCH_UI_ROUNDS ?= 5
bench-ui: server
	cd frontend && BENCH_UI_ROUNDS=$(BENCH_UI_ROUNDS) ASSESSBRIDGE_BIN=$(CURDIR)/$(BIN)/assessbridge $(NPM) run --silent bench:ui

## bench-coldstart: the desktop app's start, from exec to its dashboard on screen, under Xvfb
## (scripts/bench-coldstart.sh: a first start, warm restarts, restarts on existing data), then the
## desktop binary's size as built and stripped (-ldflags "-s -w"). COLDSTART_RUNS starts (5);
## COLDSTART_DROP_CACHES=1 empties the OS page cache before the first (root only). Goal lines say
## whether the first start and the medians are within COLDSTART_GOAL seconds (1.0);
## ASSESSBRIDGE_START_TRACE=1 with COLDSTART_KEEP=DIR keeps each start's steps in DIR's logs.
COLDSTART_RUNS ?= 5
bench-coldstart: desktop
	bash scripts/bench-coldstart.sh $(CURDIR)/$(BIN)/assessbridge-desktop $(COLDSTART_RUNS)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "-s -w" -o "$$tmp/assessbridge-desktop" . && \
	for f in $(BIN)/assessbridge-desktop "$$tmp/assessbridge-desktop"; do stat -c %s "$$f"; done | \
	awk 'NR == 1 { p = $$1 } NR == 2 { s = $$1 } END { \
		printf "desktop binary (tags $(DESKTOP_TAGS); UI, SQLite, River and the cloudflared tunnel inside):\n"; \
		printf "  as built:              %.1f MB (%d bytes)\n", p / 1e6, p; \
		printf "  stripped (-s -w):      %.1f MB (%d bytes)\n", s / 1e6, s }'
