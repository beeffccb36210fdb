package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/webhook"
)

// post sends body to path with the given Content-Type ("" sends none).
func (f fixture) post(t *testing.T, path, contentType, body string) response {
	t.Helper()
	return f.send(t, http.MethodPost, path, contentType, body)
}

func TestHostileLeverDeliveries(t *testing.T) {
	ms := now.UnixMilli()
	at := strconv.FormatInt(ms, 10)
	const tok = "tok-0123456789"
	valid := signed(signatureToken, tok, now, "")
	sig := lever.Sign(signatureToken, tok, ms)
	tests := []struct {
		name        string
		body        string
		contentType string
		maxBody     int64 // 0 keeps the default 64 KiB
		want        int
	}{
		// Size.
		{name: "one byte over 64 KiB", body: valid[:len(valid)-1] + `,"pad":"` + strings.Repeat("x", 64<<10) + `"}`, want: 413},
		{name: "10 MiB", body: strings.Repeat("x", 10<<20), want: 413},
		{name: "100k '[' within the default limit is too large", body: strings.Repeat("[", 100_000), want: 413},

		// Nesting, with a limit large enough to reach the parser.
		{name: "100k '['", body: strings.Repeat("[", 100_000), maxBody: 1 << 20, want: 400},
		{name: "100k '[' closed", body: strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), maxBody: 1 << 20, want: 400},
		{name: "100k '{' inside data of a signed delivery", body: strings.Replace(valid, `"data":{`, `"data":{"x":`+strings.Repeat(`{"a":`, 100_000)+`1`+strings.Repeat("}", 100_000)+`,`, 1), maxBody: 4 << 20, want: 400},
		{name: "moderate nesting inside data is harmless", body: strings.Replace(valid, `"data":{`, `"data":{"x":`+strings.Repeat("[", 500)+strings.Repeat("]", 500)+`,`, 1), want: 200},

		// Not JSON, or not one JSON object.
		{name: "binary", body: "\x00\x01\x02\xff\xfe", want: 400},
		{name: "form encoded", body: "triggeredAt=" + at + "&event=candidateStageChange&token=" + tok + "&signature=" + sig, want: 400},
		{name: "XML", body: `<delivery triggeredAt="` + at + `"/>`, want: 400},
		{name: "UTF-8 BOM", body: "\xef\xbb\xbf" + valid, want: 400},
		{name: "UTF-16", body: "\xff\xfe{\x00}\x00", want: 400},
		{name: "JSON null", body: "null", want: 400},
		{name: "JSON string", body: `"` + valid + `"`, want: 400},
		{name: "two deliveries", body: valid + valid, want: 400},
		{name: "delivery then NUL", body: valid + "\x00", want: 400},

		// Numbers the signature cannot survive.
		{name: "triggeredAt float", body: strings.Replace(valid, at, at+".000", 1), want: 400},
		{name: "triggeredAt exponent", body: strings.Replace(valid, at, fmt.Sprintf("%.12e", float64(ms)), 1), want: 400},
		{name: "triggeredAt string", body: strings.Replace(valid, at, `"`+at+`"`, 1), want: 400},
		{name: "triggeredAt past int64", body: strings.Replace(valid, at, "9223372036854775808", 1), want: 400},
		{name: "triggeredAt 400 digits", body: strings.Replace(valid, at, "1"+strings.Repeat("0", 400), 1), want: 400},
		{name: "triggeredAt negative", body: strings.Replace(valid, at, "-"+at, 1), want: 400},
		{name: "triggeredAt largest int64, signed", body: fmt.Sprintf(`{"triggeredAt":9223372036854775807,"event":"x","token":"t","signature":%q}`, lever.Sign(signatureToken, "t", 1<<63-1)), want: 401},
		{name: "triggeredAt 1, signed", body: fmt.Sprintf(`{"triggeredAt":1,"event":"x","token":"t","signature":%q}`, lever.Sign(signatureToken, "t", 1)), want: 401},

		// Forgeries.
		{name: "signature of another key", body: signed("sig-token-0123456789abcdeF", tok, now, ""), want: 401},
		{name: "signature truncated", body: strings.Replace(valid, sig, sig[:62], 1), want: 401},
		{name: "signature extended", body: strings.Replace(valid, sig, sig+"00", 1), want: 401},
		{name: "signature empty", body: strings.Replace(valid, sig, "", 1), want: 400},
		{name: "signature all zeros", body: strings.Replace(valid, sig, strings.Repeat("0", 64), 1), want: 401},
		{name: "signature is the key", body: strings.Replace(valid, sig, signatureToken, 1), want: 401},
		{name: "signature as a number", body: strings.Replace(valid, `"`+sig+`"`, "1", 1), want: 400},
		// Duplicate keys: the last one wins, and it is the one verified.
		{name: "duplicate triggeredAt, first one signed", body: strings.Replace(valid, `{"triggeredAt":`+at, `{"triggeredAt":`+at+`,"triggeredAt":`+strconv.FormatInt(ms+1, 10), 1), want: 401},
		{name: "duplicate token, first one signed", body: strings.Replace(valid, `"token":"`+tok+`"`, `"token":"`+tok+`","token":"other"`, 1), want: 401},
		{name: "duplicate signature, the forged one last", body: strings.Replace(valid, `"signature":"`+sig+`"`, `"signature":"`+sig+`","signature":"`+strings.Repeat("0", 64)+`"`, 1), want: 401},
		{name: "duplicate signature, the good one last", body: strings.Replace(valid, `"signature":"`+sig+`"`, `"signature":"00","signature":"`+sig+`"`, 1), want: 200},

		// Freshness.
		{name: "stale", body: signed(signatureToken, tok, now.Add(-6*time.Hour-time.Second), ""), want: 401},
		{name: "a year old", body: signed(signatureToken, tok, now.AddDate(-1, 0, 0), ""), want: 401},
		{name: "from the future", body: signed(signatureToken, tok, now.Add(6*time.Minute), ""), want: 401},
		{name: "far future", body: signed(signatureToken, tok, now.AddDate(100, 0, 0), ""), want: 401},

		// Content types: the signature, not the header, lets a delivery in.
		{name: "signed, text/plain", body: valid, contentType: "text/plain", want: 200},
		{name: "signed, no content type", body: valid, contentType: "-", want: 200},
		{name: "signed, form content type", body: valid, contentType: "application/x-www-form-urlencoded", want: 200},
		{name: "forged, text/plain", body: signed("forged", tok, now, ""), contentType: "text/plain", want: 401},
		{name: "forged, multipart", body: signed("forged", tok, now, ""), contentType: "multipart/form-data; boundary=x", want: 401},
		{name: "forged, JSON with charset", body: signed("forged", tok, now, ""), contentType: "application/json; charset=utf-16", want: 401},

		// Unicode in the signed fields is signed like anything else.
		{name: "unicode token, signed", body: signed(signatureToken, "jeton-é-😀-\u202e", now, `,"note":"ü"`), want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serve(t, func(rc *webhook.Receiver) { rc.MaxBody = tt.maxBody })
			ct := tt.contentType
			switch ct {
			case "":
				ct = "application/json"
			case "-":
				ct = ""
			}
			r := f.post(t, "/webhooks/lever", ct, tt.body)
			if r.status != tt.want {
				t.Errorf("status = %d (%.200s), want %d", r.status, strings.TrimSpace(r.body), tt.want)
			}
			l, q, _ := f.queue.counts()
			if wantCalls := map[bool]int{true: 1}[tt.want == 200]; l != wantCalls || q != 0 {
				t.Errorf("AcceptLever called %d times, AcceptQualified %d; want %d and 0", l, q, wantCalls)
			}
		})
	}
}

// memoryQueue remembers tokens as the real store does.
type memoryQueue struct {
	queue
	seen map[string]bool
}

func (m *memoryQueue) AcceptLever(ctx context.Context, d *lever.Delivery) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen[d.Token] {
		return fmt.Errorf("token %s: %w", d.Token, errReplay)
	}
	m.seen[d.Token] = true
	m.lever = append(m.lever, d)
	return nil
}

// Lever signs token+triggeredAt with no separator, so a digit moved between
// the two keeps the signature valid. The date then lands decades away, and
// only the freshness check stands between such a body and the queue.
func TestDigitsMovedBetweenTokenAndDateAreRefusedAsStale(t *testing.T) {
	ms := now.UnixMilli()
	at := strconv.FormatInt(ms, 10)
	sig := lever.Sign(signatureToken, "tok", ms)
	sig9 := lever.Sign(signatureToken, "tok9", ms)
	for name, body := range map[string]string{
		"a digit from triggeredAt into the token": fmt.Sprintf(`{"triggeredAt":%s,"event":"x","token":%q,"signature":%q}`, at[1:], "tok"+at[:1], sig),
		"a digit from the token into triggeredAt": fmt.Sprintf(`{"triggeredAt":9%s,"event":"x","token":"tok","signature":%q}`, at, sig9),
	} {
		t.Run(name, func(t *testing.T) {
			d, err := lever.ParseDelivery([]byte(body))
			if err != nil || !d.Verify(signatureToken) {
				t.Fatalf("the moved body should still carry a valid signature (%v)", err)
			}
			f := serve(t, nil)
			if r := f.post(t, "/webhooks/lever", "application/json", body); r.status != 401 || statusWord(r) != "stale delivery" {
				t.Errorf("answered %d %s, want 401 stale delivery", r.status, r.body)
			}
			if l, _, _ := f.queue.counts(); l != 0 {
				t.Error("the moved delivery was recorded")
			}
		})
	}
}

// TestLeverRetryOfARecordedDeliveryIsAnswered200AlreadyReceived: Lever
// counts any answer but a 2xx as a failure and retries, so a correctly
// signed delivery whose token was already recorded is answered 200
// "already received", and recorded once. A forgery of it is still refused,
// and so is the same delivery once it is stale.
func TestLeverRetryOfARecordedDeliveryIsAnswered200AlreadyReceived(t *testing.T) {
	q := &memoryQueue{seen: map[string]bool{}}
	f := serve(t, func(rc *webhook.Receiver) { rc.Queue = q })
	const tok = "tok-replay"
	ms := now.UnixMilli()
	sig := lever.Sign(signatureToken, tok, ms)
	first := signed(signatureToken, tok, now, "")
	const again = "already received"
	steps := []struct {
		name string
		body string
		want int
		word string
	}{
		{"first delivery", first, 200, "accepted"},
		{"the same bytes again", first, 200, again},
		{"the same, keys reordered", fmt.Sprintf(`{"token":%q,"signature":%q,"event":"candidateStageChange","triggeredAt":%d,"data":{"opportunityId":"opp-1","toStageId":"st-tech"}}`, tok, sig, ms), 200, again},
		{"the same, signature in upper case", strings.Replace(first, sig, strings.ToUpper(sig), 1), 200, again},
		{"the same token, another stage", strings.Replace(first, "st-tech", "st-other", 1), 200, again},
		{"the same token, whitespace added", strings.ReplaceAll(first, ",", " ,\n "), 200, again},
		{"the same token, signed with another key", signed("another-token", tok, now, ""), 401, "invalid signature"},
		{"a concurrent burst of the same", "", 0, ""},
		{"a new token is a new delivery", signed(signatureToken, "tok-new", now, ""), 200, "accepted"},
	}
	for _, s := range steps {
		if s.want == 0 {
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if r := f.post(t, "/webhooks/lever", "application/json", first); r.status != 200 || statusWord(r) != again {
						t.Errorf("%s: %d %s", s.name, r.status, r.body)
					}
				})
			}
			wg.Wait()
			continue
		}
		if r := f.post(t, "/webhooks/lever", "application/json", s.body); r.status != s.want || statusWord(r) != s.word {
			t.Errorf("%s: %d %s, want %d %s", s.name, r.status, strings.TrimSpace(r.body), s.want, s.word)
		}
	}
	// Replayed once the receiver's freshness window has passed: refused.
	f.clock.Advance(6*time.Hour + time.Second) // the receiver's default MaxAge
	if r := f.post(t, "/webhooks/lever", "application/json", first); r.status != 401 || statusWord(r) != "stale delivery" {
		t.Errorf("a stale replay: %d %s, want 401 stale delivery", r.status, r.body)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.lever) != 2 {
		t.Errorf("%d deliveries recorded, want 2", len(q.lever))
	}
	// An acknowledged retry is not a refusal: it leaves no line.
	for _, r := range q.rejected {
		if strings.Contains(r.message, "already") {
			t.Errorf("a retry was logged as refused: %q", r.message)
		}
	}
}

func TestUnknownEvents(t *testing.T) {
	f := serve(t, nil)
	// Qualified: anything but a result event is answered 2xx and dropped.
	for _, event := range []string{"team_candidate_created", "assessment_created", "ASSESSMENT_RESULT_SUBMITTED", "result_submitted", "x"} {
		body := fmt.Sprintf(`{"event":%q,"data":{"id":1}}`, event)
		if r := f.post(t, "/webhooks/qualified/"+qualifiedSecret, "application/json", body); r.status != 200 || statusWord(r) != "ignored" {
			t.Errorf("Qualified %q: %d %s, want 200 ignored", event, r.status, r.body)
		}
	}
	if _, q, _ := f.queue.counts(); q != 0 {
		t.Errorf("%d unknown Qualified events recorded", q)
	}
	// Lever: an unknown event is answered 2xx only when signed. It is handed
	// on (the store records its token against replays and its arrival for
	// Setup's delivery check, and does nothing else with it).
	for i, event := range []string{"candidateHired", "applicationCreated", "somethingNew", "événement"} {
		forged := fmt.Sprintf(`{"triggeredAt":%d,"event":%q,"data":{},"token":"f%d","signature":%q}`, now.UnixMilli(), event, i, lever.Sign("forged", fmt.Sprint("f", i), now.UnixMilli()))
		if r := f.post(t, "/webhooks/lever", "application/json", forged); r.status != 401 {
			t.Errorf("forged Lever %q: %d, want 401", event, r.status)
		}
		good := fmt.Sprintf(`{"triggeredAt":%d,"event":%q,"data":{},"token":"g%d","signature":%q}`, now.UnixMilli(), event, i, lever.Sign(signatureToken, fmt.Sprint("g", i), now.UnixMilli()))
		if r := f.post(t, "/webhooks/lever", "application/json", good); r.status != 200 {
			t.Errorf("signed Lever %q: %d, want 200", event, r.status)
		}
	}
	f.queue.mu.Lock()
	defer f.queue.mu.Unlock()
	for _, d := range f.queue.lever {
		if !strings.HasPrefix(d.Token, "g") {
			t.Errorf("a forged delivery was handed on: %+v", d)
		}
	}
}

func TestHostileQualifiedDeliveries(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		contentType string
		maxBody     int64
		want        int
	}{
		{name: "over 64 KiB", body: `{"event":"assessment_result_submitted","data":{"id":1,"pad":"` + strings.Repeat("x", 64<<10) + `"}}`, want: 413},
		{name: "100k '['", body: strings.Repeat("[", 100_000), maxBody: 1 << 20, want: 400},
		{name: "100k '[' inside data", body: `{"event":"assessment_result_submitted","data":{"id":1,"x":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}}`, maxBody: 1 << 20, want: 400},
		{name: "binary", body: "\x00\xff", want: 400},
		{name: "form encoded", body: "event=assessment_result_submitted&data[id]=1", contentType: "application/x-www-form-urlencoded", want: 400},
		{name: "two objects", body: resultSubmitted + resultSubmitted, want: 400},
		{name: "trailing garbage", body: resultSubmitted + "garbage", want: 400},
		{name: "id of the wrong type", body: `{"event":"assessment_result_submitted","data":{"id":[1]}}`, want: 400},
		{name: "huge id", body: `{"event":"assessment_result_submitted","data":{"id":` + strings.Repeat("9", 1000) + `}}`, want: 200},
		{name: "text/plain, valid", body: resultSubmitted, contentType: "text/plain", want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serve(t, func(rc *webhook.Receiver) { rc.MaxBody = tt.maxBody })
			ct := tt.contentType
			if ct == "" {
				ct = "application/json"
			}
			r := f.post(t, "/webhooks/qualified/"+qualifiedSecret, ct, tt.body)
			if r.status != tt.want {
				t.Errorf("status = %d (%.200s), want %d", r.status, strings.TrimSpace(r.body), tt.want)
			}
			l, q, _ := f.queue.counts()
			if wantCalls := map[bool]int{true: 1}[tt.want == 200]; q != wantCalls || l != 0 {
				t.Errorf("AcceptQualified called %d times, AcceptLever %d; want %d and 0", q, l, wantCalls)
			}
		})
	}
}

// TestPathSecretGuessesAreIndistinguishable: a wrong secret of any length,
// however close, gets exactly what an unknown path gets.
func TestPathSecretGuessesAreIndistinguishable(t *testing.T) {
	f := serve(t, nil)
	unknown := f.post(t, "/webhooks/elsewhere", "application/json", resultSubmitted)
	if unknown.status != 404 {
		t.Fatalf("unknown path answered %d", unknown.status)
	}
	s := qualifiedSecret
	var guesses []string
	for n := 1; n <= 3*len(s); n++ {
		guesses = append(guesses, strings.Repeat("a", n)) // every length, far off
		if n < len(s) {
			guesses = append(guesses, s[:n]) // every prefix
		}
	}
	for i := range len(s) {
		b := []byte(s)
		b[i] ^= 1 // one character off, at every position
		guesses = append(guesses, string(b))
	}
	guesses = append(guesses, s+"0", "0"+s, strings.ToUpper(s), s+s, strings.Repeat("x", 4000))
	for _, g := range guesses {
		if g == s {
			t.Fatal("a guess is the secret")
		}
		r := f.post(t, "/webhooks/qualified/"+g, "application/json", resultSubmitted)
		if r.status != unknown.status || r.body != unknown.body || r.header.Get("Content-Type") != unknown.header.Get("Content-Type") ||
			r.header.Get("Content-Length") != unknown.header.Get("Content-Length") {
			t.Errorf("guess %q (%d chars): %d %q %s, unknown path: %d %q %s", g, len(g), r.status, r.body, r.header.Get("Content-Type"),
				unknown.status, unknown.body, unknown.header.Get("Content-Type"))
		}
	}
	if _, q, _ := f.queue.counts(); q != 0 {
		t.Errorf("%d guesses were let in", q)
	}
	if r := f.post(t, "/webhooks/qualified/"+s, "application/json", resultSubmitted); r.status != 200 {
		t.Errorf("the secret itself answered %d", r.status)
	}
}
