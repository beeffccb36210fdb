package webhook

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

type nopQueue struct{ accepted int }

func (q *nopQueue) AcceptLever(context.Context, *lever.Delivery) error { return nil }
func (q *nopQueue) AcceptQualified(context.Context, backend.ResultNotice) error {
	q.accepted++
	return nil
}
func (q *nopQueue) LogRejected(context.Context, string, string) {}

// compareCall is one call of the constant-time comparison.
type compareCall struct{ lenX, lenY, result int }

// TestEveryGuessTakesTheSameConstantTimePath: a near miss, a far miss, a
// guess of another length and the secret itself all go through exactly one
// crypto/subtle comparison of two equally long operands; nothing else
// (no ==, no early length check) decides. Timing is not measured: the test
// pins the code path that makes the timing uniform.
func TestEveryGuessTakesTheSameConstantTimePath(t *testing.T) {
	const secret = "q-secret-5f2c9a7e01d4b6c8"
	var calls []compareCall
	real := constantTimeCompare
	constantTimeCompare = func(x, y []byte) int {
		r := real(x, y)
		calls = append(calls, compareCall{len(x), len(y), r})
		return r
	}
	t.Cleanup(func() { constantTimeCompare = real })

	q := &nopQueue{}
	rc := &Receiver{Queue: q, SignatureToken: func() string { return "" }, QualifiedSecret: func() string { return secret },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h := rc.Handler()
	body := `{"event":"assessment_result_submitted","data":{"id":1}}`
	try := func(guess string) (int, string, compareCall) {
		t.Helper()
		calls = nil
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/qualified/"+guess, strings.NewReader(body)))
		if len(calls) != 1 {
			t.Fatalf("guess %q: %d constant-time comparisons, want exactly 1", guess, len(calls))
		}
		return rec.Code, rec.Body.String(), calls[0]
	}

	near := secret[:len(secret)-1] + "0" // only the last character differs
	far := strings.Repeat("z", len(secret))
	nearCode, nearBody, nearCall := try(near)
	farCode, farBody, farCall := try(far)
	if nearCode != 404 || nearCode != farCode || nearBody != farBody {
		t.Fatalf("near miss %d %q, far miss %d %q", nearCode, nearBody, farCode, farBody)
	}
	if nearCall != farCall || nearCall.result != 0 {
		t.Fatalf("near miss compared %+v, far miss %+v", nearCall, farCall)
	}
	// Other lengths compare operands of the same length too: the secret's
	// length cannot be probed.
	for _, g := range []string{"a", secret[:1], secret[:len(secret)-1], secret + "0", strings.Repeat("z", 500)} {
		code, b, call := try(g)
		if code != nearCode || b != nearBody || call != nearCall {
			t.Errorf("guess %q: %d %q compared %+v; near miss %d %q compared %+v", g, code, b, call, nearCode, nearBody, nearCall)
		}
	}
	if q.accepted != 0 {
		t.Fatalf("%d guesses were let in", q.accepted)
	}
	code, _, call := try(secret)
	if code != 200 || call.result != 1 || call.lenX != nearCall.lenX || call.lenY != nearCall.lenY {
		t.Fatalf("the secret: %d, compared %+v", code, call)
	}
}

func TestSecretEqual(t *testing.T) {
	for _, tt := range []struct {
		got, want string
		equal     bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"ab", "abc", false},
		{"abcd", "abc", false},
		{"", "", false}, // no secret configured lets nothing in
		{"abc", "", false},
		{"", "abc", false},
	} {
		if got := secretEqual(tt.got, tt.want); got != tt.equal {
			t.Errorf("secretEqual(%q, %q) = %v", tt.got, tt.want, got)
		}
	}
}
