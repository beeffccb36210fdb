package app

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// startTraceEnv, set to 1, has the desktop window write to stderr when each
// step of its start happened, in milliseconds after the process began: the
// window's creation, every request the page makes (asked, answered) and the
// page's load. It is for measuring the start (scripts/bench-coldstart.sh).
const startTraceEnv = "ASSESSBRIDGE_START_TRACE"

var startTraceOn = os.Getenv(startTraceEnv) == "1"

// processStart is when this process began, as the kernel counts it (to
// the clock tick), or when this package was initialised if that is unknown.
var processStart = func() time.Time {
	now := time.Now()
	if !startTraceOn {
		return now
	}
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return now
	}
	up, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return now
	}
	// Field 22 (starttime, in clock ticks since boot), after the command's ")".
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	ticks, err := strconv.ParseFloat(f[19], 64)
	if err != nil {
		return now
	}
	upSec, err := strconv.ParseFloat(strings.Fields(string(up))[0], 64)
	if err != nil {
		return now
	}
	return now.Add(-time.Duration((upSec - ticks/100) * float64(time.Second)))
}()

func StartTrace(format string, args ...any) {
	if startTraceOn {
		fmt.Fprintf(os.Stderr, "start-trace %7.1f ms  %s\n", float64(time.Since(processStart).Microseconds())/1000, fmt.Sprintf(format, args...))
	}
}

var traceSeq atomic.Int64

// traceRequests writes when each request was asked and answered.
func traceRequests(h http.Handler) http.Handler {
	if !startTraceOn {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := traceSeq.Add(1)
		StartTrace("request %d asked %s %s", n, r.Method, r.URL.RequestURI())
		h.ServeHTTP(w, r)
		StartTrace("request %d answered", n)
	})
}

// startTracePath is where the page's trace script reports (trace mode only).
const startTracePath = "/__start-trace"

// startTraceJS, run at DOM ready in trace mode, reports the page's own
// timings and when the dashboard's table or empty state is first drawn.
const startTraceJS = `(function () {
  function send(what, at) { fetch('` + startTracePath + `?at=' + Math.round(at) + '&what=' + encodeURIComponent(what)); }
  var t0 = performance.timeOrigin;
  var nav = performance.getEntriesByType('navigation')[0];
  if (nav) ['responseEnd', 'domInteractive', 'domContentLoadedEventStart', 'domContentLoadedEventEnd'].forEach(function (k) { send('nav ' + k, t0 + nav[k]); });
  performance.getEntriesByType('resource').forEach(function (e) { send('resource ' + e.name.replace(/^.*\/\/[^/]*/, '') + ' start', t0 + e.startTime); send('resource ' + e.name.replace(/^.*\/\/[^/]*/, '') + ' end', t0 + e.responseEnd); });
  performance.getEntriesByType('paint').forEach(function (e) { send('paint ' + e.name, t0 + e.startTime); });
  send('trace script runs', Date.now());
  window.addEventListener('error', function (e) { send('error ' + e.message + ' ' + (e.error && e.error.stack), Date.now()); });
  window.addEventListener('unhandledrejection', function (e) { send('unhandled rejection ' + e.reason, Date.now()); });
  setTimeout(function () { var r = document.getElementById('root'); send('after 2 s: root has ' + (r ? r.childElementCount : -1) + ' children, body text ' + (document.body.textContent || '').length + ' chars, hash ' + location.hash, Date.now()); }, 2000);
  try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { send('mark ' + e.name, t0 + e.startTime); }); }).observe({ type: 'mark', buffered: true }); } catch (e) { send('no PerformanceObserver ' + e, Date.now()); }
  var seen = {};
  function check() {
    var t = document.body ? document.body.textContent : '';
    [['title set', document.title === 'Candidates · assessbridge'], ['shell drawn', /Lever → Qualified/.test(t)], ['loading shown', /Loading/i.test(t)],
     ['dashboard in DOM', /Score/.test(t) || /No candidates yet/.test(t)]].forEach(function (c) {
      if (c[1] && !seen[c[0]]) { seen[c[0]] = 1; var at = Date.now(); requestAnimationFrame(function () { send(c[0] + ' (next frame)', Date.now()); }); send(c[0], at); }
    });
    if (seen['dashboard in DOM'] && !/Loading/i.test(t) && !seen.done) { seen.done = 1; send('dashboard without loading', Date.now()); }
  }
  check();
  new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
})();`

// traceStartPage answers the trace script's reports, logging each at the
// time it happened in the page.
func traceStartPage(h http.Handler) http.Handler {
	if !startTraceOn {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != startTracePath {
			h.ServeHTTP(w, r)
			return
		}
		ms, _ := strconv.ParseInt(r.URL.Query().Get("at"), 10, 64)
		at := time.UnixMilli(ms)
		fmt.Fprintf(os.Stderr, "start-trace %7.1f ms  page: %s\n", float64(at.Sub(processStart).Microseconds())/1000, r.URL.Query().Get("what"))
		w.WriteHeader(http.StatusNoContent)
	})
}
