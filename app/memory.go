package app

import (
	"runtime/debug"
)

// serveMemoryLimit is the soft limit `serve` gives Go's collector, unless
// GOMEMLIMIT sets another. Its live heap is a few MiB; without a limit, the
// collector let the heap double on top of what a burst of webhooks and the
// invitations after it left behind, and the process kept those pages. The
// limit makes it collect, and give pages back, before that. It is soft: a
// heap that truly needs more gets it (docs/benchmarks.md, Memory).
const serveMemoryLimit = 20 << 20

// limitMemory sets serveMemoryLimit when the environment sets no limit.
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(serveMemoryLimit)
}
