package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/webhook"
)

const (
	signatureToken  = "sig-token-0123456789abcdef"
	qualifiedSecret = "q-secret-5f2c9a7e"
)

var (
	now       = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	errReplay = errors.New("delivery already received")
)

// queue records what the receiver hands on; the errors make it fail.
type queue struct {
	mu           sync.Mutex
	lever        []*lever.Delivery
	qualified    []backend.ResultNotice
	rejected     []rejection
	leverErr     error
	qualifiedErr error
}

type rejection struct{ source, message string }

func (q *queue) AcceptLever(ctx context.Context, d *lever.Delivery) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.lever = append(q.lever, d)
	return q.leverErr
}

func (q *queue) AcceptQualified(ctx context.Context, n backend.ResultNotice) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.qualified = append(q.qualified, n)
	return q.qualifiedErr
}

func (q *queue) LogRejected(ctx context.Context, source, reason string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.rejected = append(q.rejected, rejection{source, reason})
}

func (q *queue) counts() (leverCalls, qualifiedCalls, rejected int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lever), len(q.qualified), len(q.rejected)
}

type fixture struct {
	srv   *httptest.Server
	queue *queue
	clock *clocktest.Clock
}

// serve starts a receiver with the test's token and secret; configure may
// change it before its handler is built.
func serve(t *testing.T, configure func(*webhook.Receiver)) fixture {
	t.Helper()
	f := fixture{queue: &queue{}, clock: clocktest.New(now)}
	rc := &webhook.Receiver{
		Queue:           f.queue,
		SignatureToken:  func() string { return signatureToken },
		QualifiedSecret: func() string { return qualifiedSecret },
		IsReplay:        func(err error) bool { return errors.Is(err, errReplay) },
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:             f.clock.Now,
	}
	if configure != nil {
		configure(rc)
	}
	f.srv = httptest.NewServer(rc.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

type response struct {
	status int
	header http.Header
	body   string
}

// do sends body to path as JSON.
func (f fixture) do(t *testing.T, method, path, body string) response {
	t.Helper()
	return f.send(t, method, path, "application/json", body)
}

// send sends body to path with the given Content-Type ("" sends none).
func (f fixture) send(t *testing.T, method, path, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

// statusWord is the "status" of a JSON answer.
func statusWord(r response) string {
	var v struct{ Status string }
	json.Unmarshal([]byte(r.body), &v)
	return v.Status
}

// signed is a candidateStageChange delivery as Lever sends it, signed with key.
func signed(key, token string, at time.Time, extra string) string {
	ms := at.UnixMilli()
	return fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","data":{"opportunityId":"opp-1","contactId":"ct-1","fromStageId":"st-new","toStageId":"st-tech"%s},"token":%q,"signature":%q}`,
		ms, extra, token, lever.Sign(key, token, ms))
}

func TestLeverDeliveryAccepted(t *testing.T) {
	f := serve(t, nil)
	at := now.Add(-30 * time.Second)
	r := f.do(t, http.MethodPost, "/webhooks/lever", signed(signatureToken, "tok-1", at, ""))
	if r.status != http.StatusOK || statusWord(r) != "accepted" {
		t.Fatalf("answer %d %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if len(f.queue.lever) != 1 {
		t.Fatalf("AcceptLever called %d times, want once", len(f.queue.lever))
	}
	got := *f.queue.lever[0]
	want := lever.Delivery{
		TriggeredAt: at.UnixMilli(),
		Event:       lever.EventCandidateStageChange,
		Data:        lever.DeliveryData{OpportunityID: "opp-1", ContactID: "ct-1", FromStageID: "st-new", ToStageID: "st-tech"},
		Signature:   lever.Sign(signatureToken, "tok-1", at.UnixMilli()),
		Token:       "tok-1",
	}
	if got != want {
		t.Errorf("delivery = %+v, want %+v", got, want)
	}
	if _, q, rej := f.queue.counts(); q != 0 || rej != 0 {
		t.Errorf("AcceptQualified %d, LogRejected %d; want none", q, rej)
	}
}

func TestLeverDeliveryRefused(t *testing.T) {
	maxAge, maxSkew := 6*time.Hour, 5*time.Minute
	tests := []struct {
		name      string
		token     func() string // the configured signature token; nil keeps the default
		body      string
		queueErr  error
		isReplay  bool // whether IsReplay is set
		want      int
		wantCalls int
	}{
		{name: "wrong signature", body: signed("another-token", "tok-1", now, ""), want: 401},
		{name: "signature over another token", body: strings.Replace(signed(signatureToken, "tok-1", now, ""), `"token":"tok-1"`, `"token":"tok-2"`, 1), want: 401},
		{name: "signature over another time", body: strings.Replace(signed(signatureToken, "tok-1", now, ""),
			fmt.Sprint(now.UnixMilli()), fmt.Sprint(now.UnixMilli()+1), 1), want: 401},
		{name: "signature not hex", body: `{"triggeredAt":` + fmt.Sprint(now.UnixMilli()) + `,"event":"candidateStageChange","token":"t","signature":"zz"}`, want: 401},
		{name: "no token configured", token: func() string { return "" }, body: signed("", "tok-1", now, ""), want: 401},
		{name: "no token configured, signed with the old one", token: func() string { return "" }, body: signed(signatureToken, "tok-1", now, ""), want: 401},

		{name: "older than MaxAge", body: signed(signatureToken, "tok-1", now.Add(-maxAge-time.Millisecond), ""), want: 401},
		{name: "days old", body: signed(signatureToken, "tok-1", now.Add(-72*time.Hour), ""), want: 401},
		{name: "exactly MaxAge old", body: signed(signatureToken, "tok-1", now.Add(-maxAge), ""), want: 200, wantCalls: 1},
		{name: "too far in the future", body: signed(signatureToken, "tok-1", now.Add(maxSkew+time.Millisecond), ""), want: 401},
		{name: "an hour in the future", body: signed(signatureToken, "tok-1", now.Add(time.Hour), ""), want: 401},
		{name: "a little in the future", body: signed(signatureToken, "tok-1", now.Add(maxSkew-time.Second), ""), want: 200, wantCalls: 1},

		{name: "already received", body: signed(signatureToken, "tok-1", now, ""), queueErr: fmt.Errorf("accept: %w", errReplay), isReplay: true, want: 200, wantCalls: 1},
		{name: "queue fails", body: signed(signatureToken, "tok-1", now, ""), queueErr: errors.New("database is locked"), isReplay: true, want: 503, wantCalls: 1},
		{name: "replay without IsReplay", body: signed(signatureToken, "tok-1", now, ""), queueErr: errReplay, want: 503, wantCalls: 1},

		{name: "not JSON", body: "hello, webhook", want: 400},
		{name: "empty body", body: "", want: 400},
		{name: "truncated JSON", body: signed(signatureToken, "tok-1", now, "")[:40], want: 400},
		{name: "JSON array", body: `[1,2,3]`, want: 400},
		{name: "trailing data", body: signed(signatureToken, "tok-1", now, "") + `{}`, want: 400},
		{name: "triggeredAt as float", body: strings.Replace(signed(signatureToken, "tok-1", now, ""),
			fmt.Sprint(now.UnixMilli()), fmt.Sprint(now.UnixMilli())+".0", 1), want: 400},
		{name: "no signature", body: `{"triggeredAt":` + fmt.Sprint(now.UnixMilli()) + `,"event":"candidateStageChange","token":"t"}`, want: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serve(t, func(rc *webhook.Receiver) {
				if tt.token != nil {
					rc.SignatureToken = tt.token
				}
				if !tt.isReplay {
					rc.IsReplay = nil
				}
			})
			f.queue.leverErr = tt.queueErr
			r := f.do(t, http.MethodPost, "/webhooks/lever", tt.body)
			if r.status != tt.want {
				t.Errorf("status = %d (%s), want %d", r.status, strings.TrimSpace(r.body), tt.want)
			}
			calls, q, rejected := f.queue.counts()
			if calls != tt.wantCalls || q != 0 {
				t.Errorf("AcceptLever called %d times, AcceptQualified %d; want %d and 0", calls, q, tt.wantCalls)
			}
			// Refusals are logged; a failure to record and an acceptance are not.
			wantLog := tt.want != 200 && tt.want != 503
			if (rejected == 1) != wantLog || rejected > 1 {
				t.Errorf("LogRejected called %d times, want logged = %v", rejected, wantLog)
			}
			if rejected == 1 && f.queue.rejected[0].source != "lever" {
				t.Errorf("rejection source = %q", f.queue.rejected[0].source)
			}
		})
	}
}

func TestLeverBodyLimit(t *testing.T) {
	body := signed(signatureToken, "tok-1", now, `,"note":"`+strings.Repeat("x", 400)+`"`)
	tests := []struct {
		name    string
		maxBody int64
		body    string
		want    int
	}{
		{"just fits", int64(len(body)), body, 200},
		{"one byte over", int64(len(body)) - 1, body, 413},
		{"far over", 128, body, 413},
		{"default limit, small body", 0, body, 200},
		{"default limit, over 64 KiB", 0, signed(signatureToken, "tok-1", now, `,"note":"`+strings.Repeat("x", 64<<10)+`"`), 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serve(t, func(rc *webhook.Receiver) { rc.MaxBody = tt.maxBody })
			r := f.do(t, http.MethodPost, "/webhooks/lever", tt.body)
			if r.status != tt.want {
				t.Errorf("status = %d (%s), want %d", r.status, strings.TrimSpace(r.body), tt.want)
			}
			calls, _, _ := f.queue.counts()
			if wantCalls := map[bool]int{true: 1, false: 0}[tt.want == 200]; calls != wantCalls {
				t.Errorf("AcceptLever called %d times, want %d", calls, wantCalls)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	f := serve(t, nil)
	notFound := f.do(t, http.MethodPost, "/nowhere", "{}")
	tests := []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/healthz", 200},
		{http.MethodGet, "/webhooks/lever", 405},
		{http.MethodPut, "/webhooks/lever", 405},
		{http.MethodPost, "/healthz", 405},
		{http.MethodGet, "/", 404},
		{http.MethodGet, "/nowhere", 404},
		{http.MethodPost, "/webhooks", 404},
		{http.MethodPost, "/webhooks/lever/extra", 404},
		{http.MethodPost, "/webhooks/qualified", 404},
		{http.MethodPost, "/webhooks/qualified/", 404},
		{http.MethodPost, "/webhooks/qualified/" + qualifiedSecret + "/extra", 404},
		{http.MethodGet, "/webhooks/qualified/" + qualifiedSecret, 405},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, "")
			if r.status != tt.want {
				t.Errorf("status = %d, want %d", r.status, tt.want)
			}
			if tt.want == 404 && r.body != notFound.body {
				t.Errorf("body = %q, want the plain not-found answer %q", r.body, notFound.body)
			}
		})
	}
	if r := f.do(t, http.MethodGet, "/healthz", ""); statusWord(r) != "ok" || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("healthz answered %q with Cache-Control %q", r.body, r.header.Get("Cache-Control"))
	}
	if l, q, _ := f.queue.counts(); l != 0 || q != 0 {
		t.Errorf("routes reached the queue: lever %d, qualified %d", l, q)
	}
}

const resultSubmitted = `{"event":"assessment_result_submitted","data":{"id":4001,"state":"submitted","score":88.5,
	"candidate":{"email":"ada@example.com","first_name":"Ada"},"assessment":{"id":1001,"title":"Go Backend"}}}`

func TestQualifiedDelivery(t *testing.T) {
	big := `{"event":"assessment_result_submitted","data":{"id":1,"pad":"` + strings.Repeat("x", 1024) + `"}}`
	tests := []struct {
		name      string
		secret    func() string // the configured secret; nil keeps the default
		path      string
		body      string
		maxBody   int64
		queueErr  error
		want      int
		wantWord  string
		wantCalls int
		wantLog   bool
	}{
		{name: "result submitted", path: qualifiedSecret, body: resultSubmitted, want: 200, wantWord: "accepted", wantCalls: 1},
		{name: "result started", path: qualifiedSecret, body: `{"event":"assessment_result_started","data":{"id":"r-2","state":"started"}}`, want: 200, wantWord: "accepted", wantCalls: 1},
		{name: "state changed", path: qualifiedSecret, body: `{"event":"assessment_result_state_changed","data":{"id":7}}`, want: 200, wantWord: "accepted", wantCalls: 1},
		{name: "not a result event", path: qualifiedSecret, body: `{"event":"team_candidate_created","data":{"id":9}}`, want: 200, wantWord: "ignored"},
		{name: "queue fails", path: qualifiedSecret, body: resultSubmitted, queueErr: errors.New("disk full"), want: 503, wantCalls: 1},

		{name: "wrong secret", path: "not-the-secret", body: resultSubmitted, want: 404, wantLog: true},
		{name: "secret prefix", path: qualifiedSecret[:len(qualifiedSecret)-1], body: resultSubmitted, want: 404, wantLog: true},
		{name: "secret with more", path: qualifiedSecret + "0", body: resultSubmitted, want: 404, wantLog: true},
		{name: "secret in another case", path: strings.ToUpper(qualifiedSecret), body: resultSubmitted, want: 404, wantLog: true},
		{name: "wrong secret, body too large is not read", path: "not-the-secret", body: big, maxBody: 64, want: 404, wantLog: true},
		{name: "no secret configured", secret: func() string { return "" }, path: qualifiedSecret, body: resultSubmitted, want: 404, wantLog: true},
		{name: "no secret configured, any address", secret: func() string { return "" }, path: "anything", body: resultSubmitted, want: 404, wantLog: true},

		{name: "malformed", path: qualifiedSecret, body: `{"event":"assessment_result_submitted","data":`, want: 400, wantLog: true},
		{name: "not JSON", path: qualifiedSecret, body: `<xml/>`, want: 400, wantLog: true},
		{name: "empty", path: qualifiedSecret, body: ``, want: 400, wantLog: true},
		{name: "no result id", path: qualifiedSecret, body: `{"event":"assessment_result_submitted","data":{"state":"submitted"}}`, want: 400, wantLog: true},
		{name: "too large", path: qualifiedSecret, body: big, maxBody: 64, want: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serve(t, func(rc *webhook.Receiver) {
				if tt.secret != nil {
					rc.QualifiedSecret = tt.secret
				}
				rc.MaxBody = tt.maxBody
			})
			f.queue.qualifiedErr = tt.queueErr
			r := f.do(t, http.MethodPost, "/webhooks/qualified/"+tt.path, tt.body)
			if r.status != tt.want {
				t.Errorf("status = %d (%s), want %d", r.status, strings.TrimSpace(r.body), tt.want)
			}
			if tt.wantWord != "" && statusWord(r) != tt.wantWord {
				t.Errorf("answer %s, want status %q", r.body, tt.wantWord)
			}
			if tt.want == 404 {
				unknown := f.do(t, http.MethodPost, "/webhooks/elsewhere", tt.body)
				if r.body != unknown.body || r.header.Get("Content-Type") != unknown.header.Get("Content-Type") {
					t.Errorf("refusal %q (%s) differs from an unknown path's %q (%s)", r.body, r.header.Get("Content-Type"),
						unknown.body, unknown.header.Get("Content-Type"))
				}
			}
			l, calls, rejected := f.queue.counts()
			if calls != tt.wantCalls || l != 0 {
				t.Errorf("AcceptQualified called %d times, AcceptLever %d; want %d and 0", calls, l, tt.wantCalls)
			}
			if (rejected == 1) != tt.wantLog || rejected > 1 {
				t.Errorf("LogRejected called %d times, want logged = %v", rejected, tt.wantLog)
			}
			if rejected == 1 && f.queue.rejected[0].source != "qualified" {
				t.Errorf("rejection source = %q", f.queue.rejected[0].source)
			}
		})
	}
}

func TestQualifiedDeliveryParsed(t *testing.T) {
	f := serve(t, nil)
	if r := f.do(t, http.MethodPost, "/webhooks/qualified/"+qualifiedSecret, resultSubmitted); r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	want := backend.ResultNotice{Event: "assessment_result_submitted", ResultID: "4001", State: "submitted",
		CandidateEmail: "ada@example.com", AssessmentID: "1001"}
	if len(f.queue.qualified) != 1 || f.queue.qualified[0] != want {
		t.Errorf("AcceptQualified got %+v, want one %+v", f.queue.qualified, want)
	}
}

func TestSecretIsReadPerRequest(t *testing.T) {
	var mu sync.Mutex
	secret, token := "first-secret", "first-token"
	f := serve(t, func(rc *webhook.Receiver) {
		rc.QualifiedSecret = func() string { mu.Lock(); defer mu.Unlock(); return secret }
		rc.SignatureToken = func() string { mu.Lock(); defer mu.Unlock(); return token }
	})
	if r := f.do(t, http.MethodPost, "/webhooks/qualified/first-secret", resultSubmitted); r.status != 200 {
		t.Fatalf("first secret: %d", r.status)
	}
	if r := f.do(t, http.MethodPost, "/webhooks/lever", signed("first-token", "tok-1", now, "")); r.status != 200 {
		t.Fatalf("first token: %d", r.status)
	}
	mu.Lock()
	secret, token = "second-secret", "second-token"
	mu.Unlock()
	if r := f.do(t, http.MethodPost, "/webhooks/qualified/first-secret", resultSubmitted); r.status != 404 {
		t.Errorf("old secret after a change: %d, want 404", r.status)
	}
	if r := f.do(t, http.MethodPost, "/webhooks/lever", signed("first-token", "tok-2", now, "")); r.status != 401 {
		t.Errorf("old token after a change: %d, want 401", r.status)
	}
	if r := f.do(t, http.MethodPost, "/webhooks/lever", signed("second-token", "tok-3", now, "")); r.status != 200 {
		t.Errorf("new token: %d, want 200", r.status)
	}
}

func TestRejectionsLoggedOncePerMinutePerReason(t *testing.T) {
	f := serve(t, nil)
	forged := func() string { return signed("forged", "tok", f.clock.Now(), "") }
	stale := func() string { return signed(signatureToken, "tok", f.clock.Now().Add(-24*time.Hour), "") }
	steps := []struct {
		name    string
		advance time.Duration
		path    string
		body    func() string
		want    int // LogRejected calls so far
	}{
		{"first forgery is logged", 0, "/webhooks/lever", forged, 1},
		{"second forgery at once is not", 0, "/webhooks/lever", forged, 1},
		{"third, 30s later, is not", 30 * time.Second, "/webhooks/lever", forged, 1},
		{"another reason is logged", 0, "/webhooks/lever", stale, 2},
		{"malformed is its own reason", 0, "/webhooks/lever", func() string { return "junk" }, 3},
		{"more malformed is not", time.Second, "/webhooks/lever", func() string { return "junk" }, 3},
		{"a wrong Qualified address is its own reason", 0, "/webhooks/qualified/guess", func() string { return resultSubmitted }, 4},
		{"and is not logged twice", 0, "/webhooks/qualified/guess-again", func() string { return resultSubmitted }, 4},
		{"forgery 59s after the first is not", 28 * time.Second, "/webhooks/lever", forged, 4},
		{"forgery a minute after the first is", time.Second, "/webhooks/lever", forged, 5},
		{"then quiet again", 10 * time.Second, "/webhooks/lever", forged, 5},
		{"stale a minute after its first is", 50 * time.Second, "/webhooks/lever", stale, 6},
		{"an accepted delivery logs nothing", 0, "/webhooks/lever", func() string { return signed(signatureToken, "ok", f.clock.Now(), "") }, 6},
	}
	for _, s := range steps {
		f.clock.Advance(s.advance)
		f.do(t, http.MethodPost, s.path, s.body())
		if _, _, got := f.queue.counts(); got != s.want {
			t.Fatalf("%s: LogRejected called %d times, want %d (%+v)", s.name, got, s.want, f.queue.rejected)
		}
	}
	for _, r := range f.queue.rejected {
		if r.message == "" {
			t.Errorf("rejection from %s has no message", r.source)
		}
	}
	if !strings.Contains(f.queue.rejected[0].message, "signature") {
		t.Errorf("forgery logged as %q", f.queue.rejected[0].message)
	}
}

func TestConcurrentRejectionsLoggedOnce(t *testing.T) {
	f := serve(t, nil)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/webhooks/lever", strings.NewReader(signed("forged", fmt.Sprint("tok-", i), now, "")))
			res, err := f.srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != 401 {
				t.Errorf("status %d", res.StatusCode)
			}
		})
	}
	wg.Wait()
	if _, _, got := f.queue.counts(); got != 1 {
		t.Errorf("LogRejected called %d times for 20 simultaneous forgeries, want 1", got)
	}
}

// TestEachLeverWebhookIsVerifiedWithItsOwnToken: with one webhook per
// event, a delivery is accepted when one of assessbridge's webhooks signed
// it (its event's, or another's for Lever's test ping), and refused when
// none did.
func TestEachLeverWebhookIsVerifiedWithItsOwnToken(t *testing.T) {
	tokens := map[string]string{"candidateStageChange": "stage-token", "candidateArchiveChange": "archive-token", "candidateHired": "hired-token"}
	f := serve(t, func(rc *webhook.Receiver) {
		rc.SignatureToken = nil
		rc.SignatureTokens = func() map[string]string { return tokens }
	})
	for i, tt := range []struct {
		event, token string
		want         int
	}{
		{"candidateArchiveChange", "archive-token", 200},
		{"candidateHired", "hired-token", 200},
		{"candidateHired", "stage-token", 200}, // the test button's ping through the stage change webhook
		{"candidateDeleted", "deleted-token", 401},
		{"candidateArchiveChange", "", 401},
	} {
		body := fmt.Sprintf(`{"triggeredAt":%d,"event":%q,"data":{"opportunityId":"o"},"token":"t%d","signature":%q}`,
			now.UnixMilli(), tt.event, i, lever.Sign(tt.token, fmt.Sprint("t", i), now.UnixMilli()))
		if r := f.post(t, "/webhooks/lever", "application/json", body); r.status != tt.want {
			t.Errorf("%s signed with %q: %d, want %d", tt.event, tt.token, r.status, tt.want)
		}
	}
	if n, _, _ := f.queue.counts(); n != 3 {
		t.Errorf("%d deliveries handed on, want 3", n)
	}
}
