package bot

import "time"

// Surface is where a question came from (an alias, so observers may take plain strings).
type Surface = string

// Surfaces.
const (
	SurfaceSlash   Surface = "slash"    // /ask, /search
	SurfaceDM      Surface = "dm"       // a direct message
	SurfaceMention Surface = "mention"  // a message mentioning the bot in a server
	SurfaceButton  Surface = "button"   // "More passages", search paging
	SurfaceMenu    Surface = "menu"     // the "Find sources" message context menu
	SurfaceFollow  Surface = "followup" // a follow-up: the modal of "Follow up", or a message in docent's thread
	SurfaceAuto    Surface = "auto"     // a message or forum post in an auto-answer channel
)

// Outcome is how a question ended (an alias, like Surface).
type Outcome = string

// Outcomes.
const (
	OutcomeAnswered    Outcome = "answered"
	OutcomeHedged      Outcome = "hedged" // answered with low confidence: the closest passages
	OutcomeNoAnswer    Outcome = "no_answer"
	OutcomeError       Outcome = "error"
	OutcomeRateLimited Outcome = "rate_limited"
	OutcomeInvalid     Outcome = "invalid" // empty, too long, unknown source, refused by the index
)

// Observer receives what metrics need. Implementations must be safe for concurrent use
// and fast: they are called on the answering path.
type Observer interface {
	// Question is called once per question with how it ended and the time spent answering
	// it (zero when the index was not asked).
	Question(s Surface, o Outcome, latency time.Duration)
	// Error is called for every failure the bot logs, with the step that failed:
	// "answer", "respond", "edit", "send", "register", "gateway", "feedback", "reindex",
	// "panic", "malformed" (an interaction payload that could not be used).
	Error(step string)
}

// NopObserver discards everything.
type NopObserver struct{}

// Question does nothing.
func (NopObserver) Question(Surface, Outcome, time.Duration) {}

// Error does nothing.
func (NopObserver) Error(string) {}
