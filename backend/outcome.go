package backend

import "fmt"

// ScoreOutcome is where a submitted assessment lands against the
// recruiter's cut: passed, needs review, or failed.
type ScoreOutcome string

// The outcomes of a submission under routing by score.
const (
	ScorePassed ScoreOutcome = "passed"
	ScoreReview ScoreOutcome = "review"
	ScoreFailed ScoreOutcome = "failed"
	// ScoreExpired: no submission by the deadline (no outcome tag; the
	// expiry moves the tag to `Title - Expired`).
	ScoreExpired ScoreOutcome = "expired"
)

// Outcome tag suffixes, added beside `Title - Submitted` when outcome tags
// are on.
const (
	SuffixPassed = " - Passed"
	SuffixReview = " - Review"
	SuffixFailed = " - Failed"
)

// outcomeSuffixes are the tag suffixes of the outcomes.
var outcomeSuffixes = map[ScoreOutcome]string{ScorePassed: SuffixPassed, ScoreReview: SuffixReview, ScoreFailed: SuffixFailed}

// OutcomeTagFor is the Lever tag that shows an outcome of the assessment
// titled title, or "" for none.
func OutcomeTagFor(title string, o ScoreOutcome) string {
	if suffix, ok := outcomeSuffixes[o]; ok {
		return title + suffix
	}
	return ""
}

// CutMode says which cut decides a pass.
type CutMode string

// The cuts a recruiter can choose.
const (
	// CutVerdict: Qualified's own passing verdict (the assessment's passing
	// score, as Qualified judged it).
	CutVerdict CutMode = "verdict"
	// CutScore: a score the recruiter sets, 0–100.
	CutScore CutMode = "score"
)

// ArchiveMode says what happens to a failed candidate.
type ArchiveMode string

// What happens on a fail.
const (
	// ArchiveOff: nothing; the candidate stays where they are.
	ArchiveOff ArchiveMode = "off"
	// ArchiveSuggest: the dashboard suggests archiving; the recruiter
	// approves or dismisses it.
	ArchiveSuggest ArchiveMode = "suggest"
	// ArchiveAutomatic: assessbridge archives the candidate itself.
	ArchiveAutomatic ArchiveMode = "automatic"
)

// RoutingRules are what happens after a candidate submits one assessment.
// The zero value (no rules kept) does nothing beyond today's tag and note.
type RoutingRules struct {
	AssessmentID string
	Cut          CutMode
	// CutScore is the recruiter's cut in percent, used with CutScore.
	CutScore float64
	// ReviewFrom, when set, is the lowest score that needs review rather
	// than failing: failed scores at or above it are "review".
	ReviewFrom *float64
	// OutcomeTags adds `Title - Passed`, `- Review` or `- Failed`.
	OutcomeTags bool
	// PassStageID, when set, is the Lever stage a passing candidate is
	// moved to.
	PassStageID string
	// PassStageName is the stage's name as Lever gave it when the rules
	// were saved, for the lines that tell of a move.
	PassStageName string
	// FailArchive and FailReasonID: what happens to a failing candidate,
	// and the Lever archive reason used.
	FailArchive  ArchiveMode
	FailReasonID string
	// FailReasonText is the reason's text as Lever gave it when saved.
	FailReasonText string
}

// Active reports whether the rules do anything at all.
func (r RoutingRules) Active() bool {
	return r.OutcomeTags || r.PassStageID != "" || (r.FailArchive != ArchiveOff && r.FailArchive != "" && r.FailReasonID != "")
}

// Validate checks the rules' own consistency (not whether Lever knows the
// stage and reason).
func (r RoutingRules) Validate() error {
	switch r.Cut {
	case CutVerdict, CutScore:
	default:
		return Errorf(EINVALID, "Choose the cut: Qualified's passing verdict, or a score of your own.")
	}
	if r.CutScore < 0 || r.CutScore > 100 {
		return Errorf(EINVALID, "The passing score must be from 0 to 100.")
	}
	if r.ReviewFrom != nil {
		if *r.ReviewFrom < 0 || *r.ReviewFrom > 100 {
			return Errorf(EINVALID, "The review band must start from 0 to 100.")
		}
		if r.Cut == CutScore && *r.ReviewFrom >= r.CutScore {
			return Errorf(EINVALID, "The review band must start below the passing score (%s).", percent(r.CutScore))
		}
	}
	switch r.FailArchive {
	case ArchiveOff, "":
	case ArchiveSuggest, ArchiveAutomatic:
		if r.FailReasonID == "" {
			return Errorf(EINVALID, "Choose the archive reason for candidates who fail.")
		}
	default:
		return Errorf(EINVALID, "Archiving on a fail is off, suggested, or automatic.")
	}
	return nil
}

func percent(v float64) string { return fmt.Sprintf("%.0f%%", v) }
