package lever

// The events of a candidate's life after a stage change: Lever's names in a
// delivery's "event".
const (
	EventCandidateArchiveChange = "candidateArchiveChange"
	EventCandidateDeleted       = "candidateDeleted"
	EventCandidateHired         = "candidateHired"
)

// HandledEvents are the events assessbridge registers a webhook for, each
// with its own signature token.
var HandledEvents = []string{EventCandidateStageChange, EventCandidateArchiveChange, EventCandidateDeleted, EventCandidateHired}

// EventGroup is the name Lever's webhook settings give an event's group,
// which a Super Admin switches on (Settings → Integrations and API →
// Webhooks).
func EventGroup(event string) string {
	switch event {
	case EventCandidateStageChange:
		return "Candidate Stage Change"
	case EventCandidateArchiveChange:
		return "Candidate Archive State Change"
	case EventCandidateDeleted:
		return "Candidate Deleted"
	case EventCandidateHired:
		return "Candidate Hired"
	}
	return event
}
