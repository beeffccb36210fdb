package adminapi

// Topic names a part of what the UI shows. A live update lists the topics
// that changed, so that a page refetches those answers and no others.
type Topic string

// The topics, each with the answers it covers.
const (
	// TopicStatus: /api/status (Setup, the connections, the public address).
	TopicStatus Topic = "status"
	// TopicInvitations: /api/invitations and /api/funnel.
	TopicInvitations Topic = "invitations"
	// TopicActivity: /api/activity.
	TopicActivity Topic = "activity"
	// TopicSettings: /api/settings.
	TopicSettings Topic = "settings"
	// TopicTriggerStages: /api/trigger-stages.
	TopicTriggerStages Topic = "triggerStages"
	// TopicLever: the answers read live from Lever (/api/stages, /api/users)
	// and /api/postings.
	TopicLever Topic = "lever"
	// TopicAssessments: /api/assessments.
	TopicAssessments Topic = "assessments"
)

// Change is the data of a live update (event "change" on /api/events).
type Change struct {
	// Changed lists each topic once, in the order of the constants above.
	Changed []Topic `json:"changed"`
}
