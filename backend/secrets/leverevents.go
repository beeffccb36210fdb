package secrets

// LeverEventSignatureToken names the signature token of the Lever webhook
// for event: each webhook has its own. The stage change's keeps its first
// name (LeverSignatureToken), so a webhook registered before other events
// were handled keeps working.
func LeverEventSignatureToken(event string) string {
	if event == "candidateStageChange" {
		return LeverSignatureToken
	}
	return LeverSignatureToken + "." + event
}
