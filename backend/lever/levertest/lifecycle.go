package levertest

import "github.com/assessbridge/assessbridge/backend/lever"

// HiredReason is the archive reason Hire archives with: in Lever, "Hired"
// is an archive reason of type hired, not a stage.
const HiredReason = "hired-reason"

// Unarchive takes an opportunity out of the archive, as a recruiter does,
// and delivers candidateArchiveChange to matching webhooks. Unarchiving an
// active opportunity does nothing.
func (s *Server) Unarchive(oppID string) []Delivery {
	s.mu.Lock()
	recs := s.unarchive(s.live(oppID))
	s.mu.Unlock()
	return s.send(recs)
}

// Hire marks an opportunity hired, as Lever does: it is archived with the
// hired reason, which delivers candidateArchiveChange, and candidateHired
// follows. Hiring an archived opportunity does nothing.
func (s *Server) Hire(oppID string) []Delivery {
	s.mu.Lock()
	o := s.live(oppID)
	if o == nil || o.Archived {
		s.mu.Unlock()
		return nil
	}
	now := s.opts.Now().UnixMilli()
	o.Archived, o.archivedAt, o.updatedAt = true, now, now
	archived := map[string]any{
		"opportunityId": o.ID, "candidateId": o.ID, "contactId": o.ContactID,
		"fromArchived": nil, "toArchived": map[string]any{"archivedAt": now, "reason": HiredReason},
	}
	recs := s.prepare(lever.EventCandidateArchiveChange, archived, o.Origin)
	hired := map[string]any{"opportunityId": o.ID, "candidateId": o.ID, "contactId": o.ContactID}
	recs = append(recs, s.prepare(lever.EventCandidateHired, hired, o.Origin)...)
	s.mu.Unlock()
	return s.send(recs)
}
