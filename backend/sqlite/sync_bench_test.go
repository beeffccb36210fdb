package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// BenchmarkAckWriteSync measures what a webhook's acknowledgement waits for
// in the database (the delivery's token remembered and its activity line
// written, in one transaction) under synchronous=NORMAL, the app's setting,
// and under FULL, which flushes the write-ahead log to disk at every commit.
//
// In WAL mode NORMAL flushes only at checkpoints (here every second, in the
// background), so a power cut (not a crash of the app: the OS still has the
// pages) can take back the last commits before the previous checkpoint:
// a note id, an invitation's answer, a delivery already acknowledged. It
// cannot corrupt the file. FULL closes that window at the price measured
// here. Run it on the disk the app will use: a temporary folder in memory
// (tmpfs) makes every flush free and the comparison meaningless.
//
//	go test -run '^$' -bench AckWriteSync -benchtime 2000x ./backend/sqlite/
func BenchmarkAckWriteSync(b *testing.B) {
	for _, level := range []string{"NORMAL", "FULL"} {
		b.Run(level+"/serial", func(b *testing.B) {
			db := openAtSync(b, level)
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				start := time.Now()
				if err := ackWrite(ctx, db, fmt.Sprintf("tok-%d", i)); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				i++
			}
			reportPercentiles(b, lat)
		})
		// Eight deliveries at once, as during a bulk move: one writer, so
		// they queue behind each other's flushes.
		b.Run(level+"/8-at-once", func(b *testing.B) {
			db := openAtSync(b, level)
			ctx := context.Background()
			var (
				mu  sync.Mutex
				lat = make([]time.Duration, 0, b.N)
				n   int
			)
			b.SetParallelism((8 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					mu.Lock()
					n++
					tok := fmt.Sprintf("tok-%d", n)
					mu.Unlock()
					start := time.Now()
					if err := ackWrite(ctx, db, tok); err != nil {
						b.Error(err)
						return
					}
					d := time.Since(start)
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			})
			b.StopTimer()
			reportPercentiles(b, lat)
		})
	}
}

// openAtSync opens a fresh database and sets the writer's synchronous level.
// The writer is one connection that is never closed while idle, so the
// setting holds for every write.
func openAtSync(b *testing.B, level string) *sqlite.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "sync.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Writer().Exec("PRAGMA synchronous = " + level); err != nil {
		b.Fatal(err)
	}
	var got int
	if err := db.Writer().QueryRow("PRAGMA synchronous").Scan(&got); err != nil {
		b.Fatal(err)
	}
	if want := map[string]int{"NORMAL": 1, "FULL": 2}[level]; got != want {
		b.Fatalf("synchronous is %d, want %d (%s)", got, want, level)
	}
	return db
}

// ackWrite is what accepting a Lever delivery writes before the 200.
func ackWrite(ctx context.Context, db *sqlite.DB, token string) error {
	now := time.Now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := sqlite.RememberDelivery(ctx, tx, token, now); err != nil {
			return err
		}
		return sqlite.LogActivity(ctx, tx, backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange",
			OpportunityID: "opp-" + token, Outcome: backend.OutcomeOK, Message: "Cand moved to Coding assessment."}, now)
	})
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
