package workflow

// ExpectStageChanges tells e's page reader that decisions of these
// candidates' moves into stageID are queued, as splitting a batch of
// deliveries does, so that a test decides when they count as waiting
// together.
func ExpectStageChanges(e *Engine, stageID string, opportunityIDs []string) {
	e.pages.expect(stageID, opportunityIDs, e.now())
}
