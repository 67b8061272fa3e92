package bot

import (
	"context"
	"sync"
	"time"
)

// Community holds the settings of docent's community features, part of Config; zero
// values turn each feature off.
type Community struct {
	// FAQDir is where "Save as answer" writes Markdown files; it must lie inside the corpus
	// folder for the answers to be indexed. Empty: the command is not offered.
	FAQDir string
	// FAQRole is a role id whose members may save answers besides those with Manage
	// Messages.
	FAQRole string
	// HelpRole and HelpChannel (ids, both or neither) turn on "Ask a human": refusals,
	// hedged answers and 👎 offer a button that posts the question to HelpChannel,
	// pinging HelpRole only.
	HelpRole    string
	HelpChannel string

	// AutoChannels are channel and forum ids where docent answers without being asked,
	// only when confident (auto.go): a message in such a channel, a new post in such a
	// forum. Never anywhere else.
	AutoChannels []string
	// AutoConfidence is the least Result.Confidence, in (0,1], an auto answer needs; 0:
	// only the engine's confident outcome (neither refused nor hedged).
	AutoConfidence float64
	// AutoReact is the emoji docent reacts with when it stays silent in an auto channel
	// (a Unicode emoji, or name:id of a custom one); empty: no reaction.
	AutoReact string
	// AutoRate is how many questions docent considers per auto channel per minute (the
	// rest are left alone); 0: 6.
	AutoRate int
	// MessageContent requests the privileged Message Content intent (it must be enabled
	// in the developer portal): without it, messages in auto channels and in docent's
	// threads arrive empty (only mentions of docent are answered there) and forum posts
	// are answered from their title alone.
	MessageContent bool

	// AskThreads is the server default of /ask's thread option: each answer is posted
	// publicly with a thread opened on it for follow-ups (thread.go). Members can still
	// say thread:false; DMs never get threads.
	AskThreads bool

	// Scopes limit each server's and channel's answers to part of the corpus (scope.go);
	// nil: the whole corpus everywhere.
	Scopes *Scopes
}

// community is the Bot's state for the community features.
type community struct {
	afterSave func(context.Context) error // reloads the corpus after "Save as answer"

	once    sync.Once
	convs   *convStore // DM conversations
	threads *convStore // conversations of the threads docent opened, by thread id
	asked   *convStore // questions already sent to the helpers, for a day; saved like convs
	auto    autoState  // auto-answer channels (auto.go)
}

// conversations returns the DM conversation store, made on first use.
func (b *Bot) conversations() *convStore {
	b.initCommunity()
	return b.comm.convs
}

func (b *Bot) initCommunity() {
	b.comm.once.Do(func() {
		b.comm.convs = newConvStore(10000, 10*time.Minute)
		b.comm.threads = newConvStore(10000, threadLife)
		b.comm.asked = newConvStore(10000, 24*time.Hour)
		b.comm.auto = newAutoState(b.cfg.Community)
	})
}

// WithAfterSave runs reload after "Save as answer" wrote a file, so the answer is indexed
// before the moderator is told so (cmd wires the live index's ReloadIfChanged).
func WithAfterSave(reload func(context.Context) error) Option {
	return func(b *Bot) { b.comm.afterSave = reload }
}
