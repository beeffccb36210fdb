package qualifiedtest

import "fmt"

// SetPDFReports turns the subscription's PDF reports on or off (on when
// the server starts, as in the recorded answer): without them, GET
// /assessment_results/:id/share answers no "pdf".
func (s *Server) SetPDFReports(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pdfOff = !on
}

// SetSimilarityRisk gives a result's solutions, in order, the
// code-similarity risk levels ("low", "medium", "high"; "" for none) that
// its exhibit shows, before or after it is submitted.
func (s *Server) SetSimilarityRisk(resultID string, levels ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.results[parseOID(resultID)]
	if r == nil {
		return fmt.Errorf("qualifiedtest: no result %s", resultID)
	}
	r.similarity = append([]string(nil), levels...)
	return nil
}
