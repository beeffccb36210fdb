package adminapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
)

// classified is a failed call that knows its kind, as lever.Error and
// qualified.Error do.
type classified struct{ kind backend.FailureKind }

func (c classified) Error() string                    { return "HTTP 500 from the service" }
func (c classified) FailureKind() backend.FailureKind { return c.kind }

func TestEveryErrorIsAnsweredInOnePlace(t *testing.T) {
	dbErr := errors.New("database or disk is full")
	for _, tt := range []struct {
		name     string
		err      error
		status   int
		code     string
		say      string // part of the sentence answered
		internal bool   // logged with its detail, which the answer leaves out
	}{
		{"invalid", backend.Errorf(backend.EINVALID, "Paste the key."), 400, "invalid", "Paste the key.", false},
		{"not found", backend.Errorf(backend.ENOTFOUND, "No such thing."), 404, "not_found", "No such thing.", false},
		{"conflict", backend.Errorf(backend.ECONFLICT, "Connect Lever first."), 409, "conflict", "Connect Lever first.", false},
		{"unauthorized", backend.Errorf(backend.EUNAUTHORIZED, "Log in."), 401, "unauthorized", "Log in.", false},
		{"internal with a sentence", backend.Errorf(backend.EINTERNAL, "The demo could not start."), 500, "internal", "The demo could not start.", true},
		{"an unknown code", backend.Errorf("odd", "Odd."), 500, "odd", "Odd.", true},
		{"internal, wrapped", fmt.Errorf("save: %w", Internal(dbErr, "The settings could not be saved.")), 500, "internal", "The settings could not be saved.", true},
		{"a bare error", dbErr, 500, "internal", "Something went wrong inside assessbridge", true},
		{"Lever unreachable", Upstream(backend.FailureRetryLater, errors.New("dial tcp: refused"), "Lever could not be reached."), 503, "upstream", "Lever could not be reached.", false},
		{"Lever refusing", Upstream(backend.FailurePermanent, nil, "Lever answered with an error."), 502, "upstream", "Lever answered with an error.", false},
		{"Lever forbidding", Upstream(backend.FailureForbidden, nil, "This key lacks a permission."), 502, "upstream", "lacks a permission", false},
		{"Lever's login refused", Upstream(backend.FailureNeedsReconnect, nil, "Connect Lever again."), 409, "needs_reconnect", "Connect Lever again.", false},
		{"upstream, kind from the cause", Upstream("", classified{backend.FailureNeedsReconnect}, "Connect again."), 409, "needs_reconnect", "Connect again.", false},
		{"upstream, a cause without a kind", Upstream("", errors.New("timeout"), "Try later."), 503, "upstream", "Try later.", false},
		{"a classified failure no handler explained", fmt.Errorf("stages: %w", classified{backend.FailureRetryLater}), 503, "upstream", "Lever or Qualified", false},
		{"a rate limit no handler explained", classified{backend.FailureRetryLater}, 503, "upstream", "HTTP 500", false},
		{"Lever's login needed", fmt.Errorf("note: %w", backend.ErrLeverLoginNeeded), 409, "needs_reconnect", "reconnect Lever", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logged, nil))
			rec := httptest.NewRecorder()
			WriteError(rec, httptest.NewRequest("PUT", "/api/settings", nil), log, tt.err)
			var body ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.status || body.Code != tt.code || !strings.Contains(body.Error, tt.say) {
				t.Errorf("answered %d %+v, want %d %q saying %q", rec.Code, body, tt.status, tt.code, tt.say)
			}
			if tt.internal != (logged.Len() > 0) {
				t.Errorf("logged %q, want logged: %v", logged.String(), tt.internal)
			}
			if tt.internal && !strings.Contains(logged.String(), tt.err.Error()) {
				t.Errorf("the log %q lacks the detail %q", logged.String(), tt.err)
			}
			if strings.Contains(body.Error, "disk is full") {
				t.Errorf("the answer %q shows the internal detail", body.Error)
			}
		})
	}
}

func TestRequestBodiesAreCheckedBeforeUse(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`{"apiKey": "k", "environment": "sandbox"}`, ""},
		{`{"apiKey": "k", "surprise": 1}`, "not valid"},
		{`{"apiKey": `, "not valid"},
		{`{"apiKey": " "}`, "Paste the Lever API key"},
	} {
		var req ConnectLever
		err := decodeBody(httptest.NewRequest("POST", "/api/setup/lever", strings.NewReader(tt.body)), &req)
		if got := backend.ErrorMessage(err); (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(got, tt.want)) {
			t.Errorf("%s: %v, want %q", tt.body, err, tt.want)
		}
	}
}
