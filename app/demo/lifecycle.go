package demo

import "time"

// archiveOnceInvited plays a recruiter archiving a candidate in Lever a
// few seconds after their invitation went out: assessbridge cancels it in
// Qualified.
func (s *script) archiveOnceInvited(p person, sleep func(time.Duration) bool) {
	for range 40 {
		for _, id := range s.assessments {
			if _, ok := s.qual.ResultFor(p.email, id); ok {
				if sleep(5 * time.Second) {
					s.lever.Archive(p.id)
				}
				return
			}
		}
		if !sleep(500 * time.Millisecond) {
			return
		}
	}
}
