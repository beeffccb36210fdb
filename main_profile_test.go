package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// profileChild profiles the command the test binary runs as, for the
// benchmarks: ASSESSBRIDGE_CPUPROFILE and ASSESSBRIDGE_MEMPROFILE name the
// files to write once it returns. Neither is set in `make test`.
func profileChild() (stop func()) {
	cpu, mem := os.Getenv("ASSESSBRIDGE_CPUPROFILE"), os.Getenv("ASSESSBRIDGE_MEMPROFILE")
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	if mem != "" {
		runtime.MemProfileRate = 64 << 10
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				pprof.Lookup("allocs").WriteTo(m, 0)
				m.Close()
			}
		}
	}
}
