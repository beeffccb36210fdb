package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// BenchmarkDemoHistory times what `demo --history N` writes before the demo
// starts: the past invitations, their history, search index and kept counts,
// and what became of their candidates in Lever, into a new database file.
// N is ASSESSBRIDGE_BENCH_HISTORY (50,000 unless set). Run with -benchtime 1x.
func BenchmarkDemoHistory(b *testing.B) {
	n := 50_000
	if s := os.Getenv("ASSESSBRIDGE_BENCH_HISTORY"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	for range b.N {
		path := filepath.Join(b.TempDir(), DatabaseFile)
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		accounts := demo.Start(demo.Options{History: n})
		began := time.Now()
		if err := writeDemoHistory(ctx, db, accounts, n, began); err != nil {
			b.Fatal(err)
		}
		took := time.Since(began)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		accounts.Close()
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("\ndemo --history %s: written in %.1f s; database file %.0f MB\n", thousands(n), took.Seconds(), float64(st.Size())/1e6)
		b.ReportMetric(took.Seconds(), "s-written")
		b.ReportMetric(float64(st.Size())/1e6, "MB-file")
	}
}
