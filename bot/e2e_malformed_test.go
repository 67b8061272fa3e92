package bot_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot/discordtest"
)

// malformedCases are interaction payloads Discord should never send but a proxy, a
// replay or an API change can deliver; each replaces fields of a well-formed /ask.
var malformedCases = []struct {
	name   string
	fields map[string]any
	reply  int // callback type expected: 4 a message, 8 empty autocomplete choices
}{
	{"data missing", map[string]any{"data": discordtest.Omit}, 4},
	{"data a string", map[string]any{"data": "ask"}, 4},
	{"data a number", map[string]any{"data": 42}, 4},
	{"data null", map[string]any{"data": nil}, 4},
	{"options a string", map[string]any{"data.options": "question"}, 4},
	{"option value a number", map[string]any{"data.options": []any{map[string]any{"name": "question", "type": 3, "value": 7}}}, 4},
	{"option null", map[string]any{"data.options": []any{nil}}, 4},
	{"member a string", map[string]any{"member": "u1"}, 4},
	{"member without user", map[string]any{"member": map[string]any{"permissions": "0"}}, 4},
	{"button data a number", map[string]any{"type": 3, "data": 5}, 4},
	{"button without its message", map[string]any{"type": 3, "data": map[string]any{"custom_id": "more:1", "component_type": 2}}, 4},
	{"autocomplete data a string", map[string]any{"type": 4, "data": "x"}, 8},
}

func TestE2EMalformedInteraction(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	for _, tt := range malformedCases {
		t.Run(tt.name, func(t *testing.T) {
			id := h.fake.Malformed(guild, tt.fields)
			in, m := h.finished(id)
			if in.Callbacks[0] != tt.reply {
				t.Fatalf("callbacks %v; want type %d first", in.Callbacks, tt.reply)
			}
			if tt.reply == 8 {
				if c := h.fake.Choices(id); len(c) != 0 {
					t.Errorf("choices %+v for a malformed autocomplete; want none", c)
				}
			} else if !strings.Contains(m.Content, "That request was malformed") || !m.Ephemeral() {
				t.Errorf("reply %+v; want an ephemeral \"That request was malformed\"", m)
			}
			h.fake.Wait(t, waitLong, "the warning", func() bool {
				return strings.Contains(h.logs.String(), `level=WARN msg="malformed interaction" interaction=`+id)
			})
		})
	}
	// Nothing to reply to: no id and token, or no object at all. A warning, nothing else.
	h.fake.Malformed(guild, map[string]any{"id": discordtest.Omit, "token": discordtest.Omit, "data": "x"})
	h.fake.Dispatch(0, "INTERACTION_CREATE", "not an interaction")
	h.fake.Wait(t, waitLong, "warnings for both", func() bool {
		return strings.Contains(h.logs.String(), "malformed interaction dropped: nothing to reply to") &&
			strings.Count(h.logs.String(), `msg="malformed interaction"`) == len(malformedCases)+1
	})
	logs := h.logs.String()
	for _, bad := range []string{"panic", "goroutine ", "stack=", "couldn't search"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the log shows %q after malformed interactions:\n%s", bad, logs)
		}
	}
	if n := h.obs.count("malformed"); n != len(malformedCases)+2 {
		t.Errorf("%d malformed interactions counted; want %d", n, len(malformedCases)+2)
	}
	// Nothing else is affected.
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	expectAnswer(t, m, question)
}
