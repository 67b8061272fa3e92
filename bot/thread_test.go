package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

func TestThreadName(t *testing.T) {
	long := strings.Repeat("Why did the embassy close ", 10) + "?"
	tests := []struct {
		name, question, want string
	}{
		{"short", "What happened to the embassy?", "What happened to the embassy?"},
		{"one line", "What happened\n\nto  the embassy?", "What happened to the embassy?"},
		{"empty", "  \n", "Follow-ups"},
		{"exactly 100", strings.Repeat("x", 100), strings.Repeat("x", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := threadName(tt.question); got != tt.want {
				t.Errorf("threadName(%q) = %q; want %q", tt.question, got, tt.want)
			}
		})
	}
	got := threadName(long)
	if n := utf8.RuneCountInString(got); n > maxThreadName || n < 50 || !strings.HasSuffix(got, "…") {
		t.Errorf("threadName(%d characters) = %q (%d characters); want it cut to at most %d with …", len(long), got, n, maxThreadName)
	}
}

func TestAskMode(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name           string
		guild          bool
		public, thread *bool
		def            bool
		wantPub        bool
		wantThr        bool
	}{
		{"nothing", true, nil, nil, false, false, false},
		{"public", true, &yes, nil, false, true, false},
		{"thread implies public", true, nil, &yes, false, true, true},
		{"thread over public:false", true, &no, &yes, false, true, true},
		{"default", true, nil, nil, true, true, true},
		{"default with public:true", true, &yes, nil, true, true, true},
		{"default yields to public:false", true, &no, nil, true, false, false},
		{"default yields to thread:false", true, nil, &no, true, false, false},
		{"default not in DMs", false, nil, nil, true, false, false},
		{"asked in a DM", false, nil, &yes, false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, thr := askMode(tt.guild, tt.public, tt.thread, tt.def)
			if pub != tt.wantPub || thr != tt.wantThr {
				t.Errorf("askMode = public %v, thread %v; want %v, %v", pub, thr, tt.wantPub, tt.wantThr)
			}
		})
	}
}

func TestNextConversation(t *testing.T) {
	prev := conversation{Question: "embassy tehran", DocID: "src", Cited: "a", Channel: "c1"}
	cites := func(doc string) retrieval.Result {
		if doc == "" {
			return retrieval.Result{NoAnswer: true}
		}
		return retrieval.Result{Passages: []retrieval.Passage{{Citation: corpus.Citation{DocID: doc}}}}
	}
	tests := []struct {
		name   string
		res    retrieval.Result
		thread bool
		want   conversation
	}{
		{"thread, new citation", cites("b"), true, conversation{Question: "q2", DocID: "src", Cited: "b", Channel: "c1"}},
		{"thread, no citation keeps the last", cites(""), true, conversation{Question: "q2", DocID: "src", Cited: "a", Channel: "c1"}},
		{"dm keeps question and citation only", cites("b"), false, conversation{Question: "q2", Cited: "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextConversation(prev, state{Question: "q2", DocID: "x"}, tt.res, tt.thread); got != tt.want {
				t.Errorf("nextConversation = %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestThreadMessage(t *testing.T) {
	tests := []struct {
		name      string
		content   bool // the Message Content intent
		known     bool // a thread docent opened
		text      string
		typ       discordgo.MessageType
		mentioned bool
		want      bool
	}{
		{"plain with content intent", true, true, "when?", discordgo.MessageTypeDefault, false, true},
		{"reply with content intent", true, true, "when?", discordgo.MessageTypeReply, false, true},
		{"plain without content intent", false, true, "", discordgo.MessageTypeDefault, false, false},
		{"mention without content intent", false, true, "<@100> when?", discordgo.MessageTypeDefault, true, true},
		{"no text", true, true, " ", discordgo.MessageTypeDefault, false, false},
		{"system message", true, true, "", discordgo.MessageTypeThreadStarterMessage, false, false},
		{"another thread", true, false, "when?", discordgo.MessageTypeDefault, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Bot{cfg: Config{Community: Community{MessageContent: tt.content}}}
			if tt.known {
				b.threadConvs().put("t1", conversation{Question: "q"})
			}
			_, got := b.threadMessage(&discordgo.Message{ChannelID: "t1", Content: tt.text, Type: tt.typ}, tt.mentioned)
			if got != tt.want {
				t.Errorf("threadMessage = %v; want %v", got, tt.want)
			}
		})
	}
}
