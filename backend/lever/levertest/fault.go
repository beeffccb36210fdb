package levertest

import "github.com/assessbridge/assessbridge/backend/apicall/apitest"

// Fault spoils the answer to a request that was otherwise handled in full:
// its effect stands (a tag added, a note posted), only the answer is slow,
// lost or garbled, which is what makes a retry dangerous.
type Fault = apitest.Fault

// FailNext makes the next n requests whose method matches (any when empty)
// and whose path after /v1 starts with pathPrefix answer status with a
// Lever error body. The failures come after auth and rate limiting.
func (s *Server) FailNext(method, pathPrefix string, n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures.Add(method, pathPrefix, n, status)
}

// FaultNext spoils the answers to the next n requests whose method matches
// (any when empty) and whose path after /v1 starts with pathPrefix. Faults
// come after auth, rate limiting and FailNext's failures.
func (s *Server) FaultNext(method, pathPrefix string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.Add(method, pathPrefix, n, f)
}

// ClearFailures drops every failure queued by FailNext and every fault
// queued by FaultNext: Lever answers normally again.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures.Clear()
	s.faults.Clear()
}
