package qualifiedtest

import (
	"strings"

	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
)

// Fault spoils the answer to a request that was otherwise handled in full:
// its effect stands (a candidate invited), only the answer is slow,
// lost or garbled, which is what makes a retry dangerous.
type Fault = apitest.Fault

// FailNext makes the next n API requests whose method matches (any when
// empty) and whose path starts with pathPrefix (with or without the "/api"
// prefix, e.g. "/v1/assessments") answer status without doing anything.
func (s *Server) FailNext(method, pathPrefix string, n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails.Add(method, strings.TrimPrefix(pathPrefix, "/api"), n, status)
}

// FaultNext spoils the answers to the next n requests whose method matches
// (any when empty) and whose path starts with pathPrefix (with or without
// the "/api" prefix, e.g. "/v1/assessment_invitations"). Faults come after
// FailNext's failures and the key check.
func (s *Server) FaultNext(method, pathPrefix string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.Add(method, strings.TrimPrefix(pathPrefix, "/api"), n, f)
}

// ClearFailures drops every failure queued by FailNext and every fault
// queued by FaultNext: Qualified answers normally again.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails.Clear()
	s.faults.Clear()
}
