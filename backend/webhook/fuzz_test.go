package webhook_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/webhook"
)

// fuzzMaxBody is small, so the fuzzer reaches the size limit too.
const fuzzMaxBody = 8 << 10

// Queue behaviours a fuzz input chooses between.
const (
	queueAccepts uint8 = iota
	queueSaysReplay
	queueFails
	queueModes
)

// leverSeed is one input of FuzzReceiverLever.
type leverSeed struct {
	name  string
	body  []byte
	token string // the configured signature token
	mode  uint8
}

// leverSeeds are FuzzReceiverLever's seeds; testdata/fuzz holds the same
// inputs as files.
func leverSeeds() []leverSeed {
	ms := now.UnixMilli()
	at := strconv.FormatInt(ms, 10)
	valid := signed(signatureToken, "tok-48-random-chars-0123456789abcdef0123456789ab", now, "")
	with := func(old, new string) []byte { return []byte(strings.Replace(valid, old, new, 1)) }
	sig := func(token string, ms int64) string { return lever.Sign(signatureToken, token, ms) }
	return []leverSeed{
		{"valid-signed", []byte(valid), signatureToken, queueAccepts},
		{"valid-signed-replayed", []byte(valid), signatureToken, queueSaysReplay},
		{"valid-signed-queue-down", []byte(valid), signatureToken, queueFails},
		{"valid-signed-no-token-configured", []byte(valid), "", queueAccepts},
		{"valid-signed-other-token-configured", []byte(valid), "another-signature-token", queueAccepts},
		{"test-ping", fmt.Appendf(nil, `{"triggeredAt":%d,"event":"candidateHired","data":{},"signature":%q,"token":"t"}`, ms, sig("t", ms)), signatureToken, queueAccepts},
		{"float-triggeredAt", with(at, at+".0"), signatureToken, queueAccepts},
		{"exponent-triggeredAt", with(at, fmt.Sprintf("%.12e", float64(ms))), signatureToken, queueAccepts},
		{"string-triggeredAt", with(at, `"`+at+`"`), signatureToken, queueAccepts},
		{"huge-triggeredAt", with(at, "9223372036854775807"), signatureToken, queueAccepts},
		{"overflowing-triggeredAt", with(at, "1"+strings.Repeat("0", 400)), signatureToken, queueAccepts},
		{"huge-signed-triggeredAt", fmt.Appendf(nil, `{"triggeredAt":9223372036854775807,"event":"x","token":"t","signature":%q}`, sig("t", 1<<63-1)), signatureToken, queueAccepts},
		{"tiny-signed-triggeredAt", fmt.Appendf(nil, `{"triggeredAt":1,"event":"x","token":"t","signature":%q}`, sig("t", 1)), signatureToken, queueAccepts},
		{"stale-signed", []byte(signed(signatureToken, "tok-stale", now.Add(-7*time.Hour), "")), signatureToken, queueAccepts},
		{"future-signed", []byte(signed(signatureToken, "tok-future", now.Add(time.Hour), "")), signatureToken, queueAccepts},
		{"trailing-garbage", []byte(valid + " garbage"), signatureToken, queueAccepts},
		{"two-objects", []byte(valid + valid), signatureToken, queueAccepts},
		{"duplicate-keys", fmt.Appendf(nil, `{"triggeredAt":1,"triggeredAt":%d,"event":"x","token":"a","token":"b","signature":"00","signature":%q}`, ms, sig("b", ms)), signatureToken, queueAccepts},
		{"keys-in-another-case", fmt.Appendf(nil, `{"TriggeredAt":%d,"EVENT":"x","Token":"t","SIGNATURE":%q}`, ms, sig("t", ms)), signatureToken, queueAccepts},
		{"deep-nesting-in-data", []byte(`{"triggeredAt":` + at + `,"event":"x","token":"t","signature":"00","data":` + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + `}`), signatureToken, queueAccepts},
		{"deep-nesting-over-limit", []byte(strings.Repeat("[", fuzzMaxBody+1)), signatureToken, queueAccepts},
		{"unicode", []byte(signed(signatureToken, "jeton-é-😀-\u202e", now, `,"note":"ü\u0000"`)), signatureToken, queueAccepts},
		{"invalid-utf8", fmt.Appendf(nil, "{\"triggeredAt\":%d,\"event\":\"x\",\"token\":\"\xff\",\"signature\":%q}", ms, sig("\ufffd", ms)), signatureToken, queueAccepts},
		{"uppercase-signature", with(lever.Sign(signatureToken, "tok-48-random-chars-0123456789abcdef0123456789ab", ms),
			strings.ToUpper(lever.Sign(signatureToken, "tok-48-random-chars-0123456789abcdef0123456789ab", ms))), signatureToken, queueAccepts},
		{"not-json", []byte("hello, webhook"), signatureToken, queueAccepts},
		{"empty", nil, signatureToken, queueAccepts},
	}
}

// referenceSign is Lever's signature computed without the lever package.
func referenceSign(key, token string, at int64) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(token + strconv.FormatInt(at, 10)))
	return hex.EncodeToString(m.Sum(nil))
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func FuzzReceiverLever(f *testing.F) {
	for _, s := range leverSeeds() {
		f.Add(s.body, s.token, s.mode)
	}
	allowed := map[int]bool{200: true, 400: true, 401: true, 413: true, 503: true}
	const maxAge, maxSkew = 6 * time.Hour, 5 * time.Minute
	f.Fuzz(func(t *testing.T, body []byte, token string, mode uint8) {
		mode %= queueModes
		q := &queue{}
		switch mode {
		case queueSaysReplay:
			q.leverErr = fmt.Errorf("accept: %w", errReplay)
		case queueFails:
			q.leverErr = errors.New("database is locked")
		}
		rc := &webhook.Receiver{
			Queue:           q,
			SignatureToken:  func() string { return token },
			QualifiedSecret: func() string { return qualifiedSecret },
			IsReplay:        func(err error) bool { return errors.Is(err, errReplay) },
			Logger:          quietLogger(),
			Now:             func() time.Time { return now },
			MaxBody:         fuzzMaxBody,
		}
		req := httptest.NewRequest(http.MethodPost, "/webhooks/lever", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		rc.Handler().ServeHTTP(rec, req)

		if !allowed[rec.Code] {
			t.Fatalf("answered %d: %s", rec.Code, rec.Body)
		}
		var answer struct{ Status string }
		if rec.Header().Get("Content-Type") != "application/json" || json.Unmarshal(rec.Body.Bytes(), &answer) != nil || answer.Status == "" {
			t.Fatalf("answer %d is not the receiver's JSON: %q (%s)", rec.Code, rec.Body, rec.Header().Get("Content-Type"))
		}
		if len(q.qualified) != 0 {
			t.Fatal("a Lever delivery reached the Qualified queue")
		}
		if len(q.lever) == 0 {
			if rec.Code != 400 && rec.Code != 401 && rec.Code != 413 {
				t.Fatalf("answered %d without recording the delivery", rec.Code)
			}
			return
		}
		// Something reached the queue: it must be exactly the delivery in
		// the body, signed with the configured token, and fresh.
		if len(q.lever) != 1 {
			t.Fatalf("AcceptLever called %d times", len(q.lever))
		}
		d := q.lever[0]
		if token == "" {
			t.Fatalf("recorded %+v with no signature token configured", d)
		}
		if want := referenceSign(token, d.Token, d.TriggeredAt); !strings.EqualFold(d.Signature, want) {
			t.Fatalf("recorded %+v whose signature is not HMAC(%q) = %s", d, token, want)
		}
		parsed, err := lever.ParseDelivery(body)
		if err != nil || *parsed != *d {
			t.Fatalf("recorded %+v, but the body parses as %+v (%v)", d, parsed, err)
		}
		if at := time.UnixMilli(d.TriggeredAt); now.Sub(at) > maxAge || at.Sub(now) > maxSkew {
			t.Fatalf("recorded a delivery dated %s, outside the accepted window around %s", at, now)
		}
		if len(body) > fuzzMaxBody {
			t.Fatalf("recorded a %d-byte body over the %d-byte limit", len(body), fuzzMaxBody)
		}
		if want := map[uint8]int{queueAccepts: 200, queueSaysReplay: 200, queueFails: 503}[mode]; rec.Code != want {
			t.Fatalf("queue mode %d: answered %d, want %d", mode, rec.Code, want)
		}
	})
}

// pathSeeds are FuzzReceiverQualifiedPath's seeds: guesses at the path secret.
func pathSeeds() []struct{ name, guess string } {
	s := qualifiedSecret
	return []struct{ name, guess string }{
		{"exact", s},
		{"empty", ""},
		{"prefix", s[:len(s)-1]},
		{"one-char-prefix", s[:1]},
		{"extended", s + "0"},
		{"last-char-changed", s[:len(s)-1] + "f"},
		{"first-char-changed", "Q" + s[1:]},
		{"upper-case", strings.ToUpper(s)},
		{"trailing-slash", s + "/"},
		{"leading-slash", "/" + s},
		{"dot-segment", "./" + s},
		{"dot-dot-segment", "x/../" + s},
		{"percent-encoded-first-char", "%" + strconv.FormatInt(int64(s[0]), 16) + s[1:]},
		{"query-after", s + "?x=1"},
		{"fragment-after", s + "#x"},
		{"nul-after", s + "\x00"},
		{"space-after", s + " "},
		{"unicode-lookalike", strings.Replace(s, "e", "е", 1)}, // Cyrillic e
		{"invalid-utf8", s + "\xff"},
		{"long", strings.Repeat(s, 200)},
		{"dot", "."},
		{"dot-dot", ".."},
	}
}

func FuzzReceiverQualifiedPath(f *testing.F) {
	for _, s := range pathSeeds() {
		f.Add(s.guess)
	}
	// The same receiver with another secret: a refusal must not depend on
	// what the secret is, or a guess could learn something from it.
	const otherSecret = "z-other-secret-0000"
	serveGuess := func(secret, target string, raw bool) (*httptest.ResponseRecorder, *queue) {
		q := &queue{}
		rc := &webhook.Receiver{
			Queue:           q,
			SignatureToken:  func() string { return signatureToken },
			QualifiedSecret: func() string { return secret },
			Logger:          quietLogger(),
			Now:             func() time.Time { return now },
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(resultSubmitted))
		if raw {
			u, _ := url.ParseRequestURI(target)
			req.URL, req.RequestURI = u, target
		} else {
			req.URL.Path, req.URL.RawPath = target, ""
		}
		rec := httptest.NewRecorder()
		rc.Handler().ServeHTTP(rec, req)
		return rec, q
	}
	notFound := httptest.NewRecorder()
	http.NotFound(notFound, httptest.NewRequest(http.MethodPost, "/elsewhere", nil))
	f.Fuzz(func(t *testing.T, guess string) {
		check := func(target string, raw bool, exact bool) {
			t.Helper()
			got, q := serveGuess(qualifiedSecret, target, raw)
			other, qo := serveGuess(otherSecret, target, raw)
			if exact {
				if got.Code != 200 || len(q.qualified) != 1 {
					t.Fatalf("the exact secret at %q answered %d and recorded %d deliveries", target, got.Code, len(q.qualified))
				}
				return
			}
			if len(q.qualified) != 0 || got.Code/100 == 2 {
				t.Fatalf("guess at %q was let in: %d %s", target, got.Code, got.Body)
			}
			if len(qo.qualified) != 0 {
				return // the guess is the other receiver's secret
			}
			if got.Code != other.Code || got.Body.String() != other.Body.String() || !reflect.DeepEqual(got.Header(), other.Header()) {
				t.Fatalf("guess at %q: answers depend on the secret: %d %q %v, and with another secret %d %q %v",
					target, got.Code, got.Body, got.Header(), other.Code, other.Body, other.Header())
			}
			if got.Code == 404 && (got.Body.String() != notFound.Body.String() || got.Header().Get("Content-Type") != notFound.Header().Get("Content-Type")) {
				t.Fatalf("guess at %q: 404 %q differs from an unknown path's %q", target, got.Body, notFound.Body)
			}
		}
		// The guess as the decoded path.
		check("/webhooks/qualified/"+guess, false, guess == qualifiedSecret)
		// The guess as the request line carries it, percent-encoding and all.
		target := "/webhooks/qualified/" + guess
		if u, err := url.ParseRequestURI(target); err == nil {
			check(target, true, u.Path == "/webhooks/qualified/"+qualifiedSecret)
		}
	})
}
