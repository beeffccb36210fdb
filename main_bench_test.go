package main

import (
	"bufio"
	"fmt"
	"math"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// burstRun is what one bulk move measured.
type burstRun struct {
	webhook    []time.Duration // each delivery, from Lever's POST to the app's 2xx
	took       time.Duration   // from the first delivery until every candidate is invited and tagged
	calls      int             // Lever API calls the app made meanwhile
	byRoute    map[string]int
	rateLimits int     // 429s Lever answered
	rssKiB     float64 // the app's resident memory once the work is done
}

func (r burstRun) bound() time.Duration {
	return time.Duration(float64(r.calls) / 10 * float64(time.Second))
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)]
}

// procStatus reads a field of /proc/PID/status, in KiB.
func procStatus(pid int, field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			v, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v
		}
	}
	return 0
}

func benchEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkBurst500 is the bulk move: `serve` runs as its own process
// against the Lever and Qualified simulators (loopback HTTP), and 500
// candidates tagged with an assessment are moved into the trigger stage by
// 100 concurrent Lever senders, in ASSESSBRIDGE_BENCH_BURSTS bursts (default
// 3) of fresh candidates. Each burst is timed until every candidate carries
// "Title - Invited"; the app's resident memory is read from /proc when it is
// idle before the first burst and after each one. Run with -benchtime 1x.
func BenchmarkBurst500(b *testing.B) {
	n := benchEnvInt("ASSESSBRIDGE_BENCH_CANDIDATES", 500)
	senders := benchEnvInt("ASSESSBRIDGE_BENCH_SENDERS", 100)
	bursts := benchEnvInt("ASSESSBRIDGE_BENCH_BURSTS", 3)
	for range b.N {
		lev := levertest.New(levertest.Options{})
		qual := qualifiedtest.New(qualifiedtest.Options{})
		lev.AddStage("screen", "Phone screen")
		lev.AddStage("assess", "Coding assessment")
		lev.AddUser("user-recruiter", "Riley Recruiter", "riley@example.com")
		assessment := qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})
		id := func(burst, i int) string { return fmt.Sprintf("opp-%d-%04d", burst, i) }
		email := func(burst, i int) string { return fmt.Sprintf("candidate.%d.%04d@example.com", burst, i) }
		for k := range bursts {
			for i := range n {
				lev.AddOpportunity(levertest.Opportunity{ID: id(k, i), Name: fmt.Sprintf("Candidate %d-%04d", k, i),
					Emails: []string{email(k, i)}, Tags: []string{"Backend Challenge"}, StageID: "screen"})
			}
		}

		const lone = 5
		loneID := func(i int) string { return fmt.Sprintf("opp-lone-%d", i) }
		loneEmail := func(i int) string { return fmt.Sprintf("lone.%d@example.com", i) }
		for i := range lone {
			lev.AddOpportunity(levertest.Opportunity{ID: loneID(i), Name: fmt.Sprintf("Lone Candidate %d", i),
				Emails: []string{loneEmail(i)}, Tags: []string{"Backend Challenge"}, StageID: "screen"})
		}

		admin, hooks := freeAddr(b), freeAddr(b)
		args := fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 1h",
			b.TempDir(), admin, hooks, hooks, lev.URL, qual.URL)
		p := startServe(b, args, "LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY="+qualifiedtest.DefaultAPIKey)
		cmd, pid := p.cmd, p.cmd.Process.Pid
		deadline := time.Now().Add(30 * time.Second)
		for {
			res, err := http.Get("http://" + hooks + "/healthz")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == 200 && len(lev.Webhooks()) == len(lever.HandledEvents) {
					break
				}
			}
			if time.Now().After(deadline) {
				b.Fatal("serve did not come up within 30 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(3 * time.Second) // settle: the first safety-net runs
		idleRSS := procStatus(pid, "VmRSS")

		var runs []burstRun
		for k := range bursts {
			before := lev.Stats()
			var r burstRun
			var mu sync.Mutex
			ids := make(chan int)
			var wg sync.WaitGroup
			// The senders' process collects its garbage before the burst it
			// times, so that its own collector does not run inside it: it
			// shares the two cores with serve, and a collection in the middle
			// of a burst delayed every sender's reading of its answer. serve
			// is left as it is: its collections are the app's own cost.
			runtime.GC()
			start := time.Now()
			for range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range ids {
						ds, err := lev.MoveToStage(id(k, i), "assess")
						if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
							b.Errorf("delivery for %s: %+v %v", id(k, i), ds, err)
							continue
						}
						took := ds[0].Took
						mu.Lock()
						r.webhook = append(r.webhook, took)
						mu.Unlock()
					}
				}()
			}
			for i := range n {
				ids <- i
			}
			close(ids)
			wg.Wait()
			done := func() bool {
				for i := range n {
					o, _ := lev.Opportunity(id(k, i))
					if !slices.Contains(o.Tags, "Backend Challenge - Invited") || slices.Contains(o.Tags, "Backend Challenge") {
						return false
					}
				}
				return true
			}
			deadline := time.Now().Add(20 * time.Minute)
			for !done() {
				if time.Now().After(deadline) {
					b.Fatalf("burst %d: not every candidate invited and tagged within 20 minutes", k+1)
				}
				time.Sleep(100 * time.Millisecond)
			}
			r.took = time.Since(start)
			after := lev.Stats()
			r.calls = after.Requests - before.Requests
			r.rateLimits = after.RateLimited - before.RateLimited
			r.byRoute = map[string]int{}
			for route, c := range after.ByRoute {
				if d := c - before.ByRoute[route]; d > 0 {
					r.byRoute[route] = d
				}
			}
			time.Sleep(2 * time.Second) // the last jobs complete
			r.rssKiB = procStatus(pid, "VmRSS")
			// Nothing lost, nobody e-mailed twice.
			for i := range n {
				if got := qual.EmailsSent(email(k, i), assessment); got != 1 {
					b.Fatalf("%s: %d invitation e-mails", id(k, i), got)
				}
			}
			runs = append(runs, r)
		}
		peak := procStatus(pid, "VmHWM")
		// A lone stage change on an idle app: from Lever's delivery to
		// Qualified's invitation e-mail, a few times, a few seconds apart.
		var loneTook []time.Duration
		for i := range lone {
			time.Sleep(3 * time.Second)
			start := time.Now()
			if ds, err := lev.MoveToStage(loneID(i), "assess"); err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
				b.Fatalf("lone delivery: %+v %v", ds, err)
			}
			deadline := start.Add(time.Minute)
			for qual.EmailsSent(loneEmail(i), assessment) == 0 {
				if time.Now().After(deadline) {
					b.Fatalf("%s not invited within a minute", loneID(i))
				}
				time.Sleep(time.Millisecond)
			}
			loneTook = append(loneTook, time.Since(start))
		}
		if os.Getenv("ASSESSBRIDGE_BENCH_LOG") != "" {
			fmt.Println(p.stderr.String())
		}
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		lev.Close()
		qual.Close()

		var all []time.Duration
		fmt.Printf("\nBulk move of %d candidates into a trigger stage by %d concurrent Lever senders; `serve` as its own process; simulators on loopback, Lever limited to 10 requests/s (bursts to 20).\n", n, senders)
		fmt.Printf("%-6s %-28s %-9s %-22s %-8s %-6s %s\n", "burst", "webhook p50/p99/max (ms)", "time", "Lever calls (per cand.)", "bound", "ratio", "429s  RSS after")
		for k, r := range runs {
			all = append(all, r.webhook...)
			fmt.Printf("%-6d %-28s %-9s %-22s %-8s %-6.3f %-5d %.1f MiB\n", k+1,
				fmt.Sprintf("%.1f / %.1f / %.1f", ms(pct(r.webhook, 50)), ms(pct(r.webhook, 99)), ms(pct(r.webhook, 100))),
				r.took.Round(100*time.Millisecond), fmt.Sprintf("%d (%.2f)", r.calls, float64(r.calls)/float64(n)),
				r.bound().Round(100*time.Millisecond), r.took.Seconds()/r.bound().Seconds(), r.rateLimits, r.rssKiB/1024)
		}
		routes := make([]string, 0, len(runs[0].byRoute))
		for route := range runs[0].byRoute {
			routes = append(routes, route)
		}
		sort.Strings(routes)
		for _, route := range routes {
			fmt.Printf("  Lever calls in burst 1: %-34s %d\n", route, runs[0].byRoute[route])
		}
		fmt.Printf("  webhooks, all bursts: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d deliveries)\n",
			ms(pct(all, 50)), ms(pct(all, 95)), ms(pct(all, 99)), ms(pct(all, 100)), len(all))
		fmt.Printf("  memory: idle %.1f MiB, after bursts %s, peak %.1f MiB\n", idleRSS/1024, rssList(runs), peak/1024)
		fmt.Printf("  a lone candidate on an idle app, Lever's delivery to Qualified's e-mail (%d): median %.0f ms, max %.0f ms\n",
			len(loneTook), ms(pct(loneTook, 50)), ms(pct(loneTook, 100)))
		for k, r := range runs {
			goalLine(fmt.Sprintf("webhook p99, burst %d", k+1), ms(pct(r.webhook, 99)), 10, "ms")
		}
		for k, r := range runs {
			goalLine(fmt.Sprintf("Lever calls per candidate, burst %d", k+1), float64(r.calls)/float64(n), 2.05, "")
			goalLine(fmt.Sprintf("time ÷ (calls ÷ 10/s), burst %d", k+1), r.took.Seconds()/r.bound().Seconds(), 1.05, "×")
			// Lever's limiter answers 429 when a call comes early; each 429
			// pauses every call on the key, so a few are met, not sustained.
			goalLine(fmt.Sprintf("429s answered by Lever, burst %d (none sustained)", k+1), float64(r.rateLimits), 2, "")
		}
		goalLine("memory, serve idle", idleRSS/1024, 40, "MiB")
		goalLine("memory, serve peak through the bursts", peak/1024, 64, "MiB")

		b.ReportMetric(ms(pct(all, 99)), "webhook-p99-ms")
		b.ReportMetric(runs[0].took.Seconds()/runs[0].bound().Seconds(), "x-rate-bound")
		b.ReportMetric(float64(runs[0].calls)/float64(n), "lever-calls/candidate")
		b.ReportMetric(idleRSS/1024, "idle-MiB")
		b.ReportMetric(runs[len(runs)-1].rssKiB/1024, "after-MiB")
	}
}

// goalLine prints a figure against its goal, with OK or OVER: `make bench`
// shows at a glance which goals hold on this run.
func goalLine(what string, got, goal float64, unit string) {
	verdict := "OK"
	if got > goal {
		verdict = "OVER"
	}
	fmt.Printf("goal  %-58s %8.2f %-3s ≤ %g %-3s %s\n", what, got, unit, goal, unit, verdict)
}

func rssList(runs []burstRun) string {
	parts := make([]string, len(runs))
	for i, r := range runs {
		parts[i] = fmt.Sprintf("%.1f", r.rssKiB/1024)
	}
	return strings.Join(parts, " → ") + " MiB"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
