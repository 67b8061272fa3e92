package webhook_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot/discordtest"
)

func TestE2EHTTPMalformedInteraction(t *testing.T) {
	h := newHTTPMode(t)
	tests := []struct {
		name   string
		fields map[string]any
		reply  float64 // 4 a message, 8 (empty) autocomplete choices
	}{
		{"data missing", map[string]any{"data": discordtest.Omit}, 4},
		{"data a string", map[string]any{"data": "ask"}, 4},
		{"data a number", map[string]any{"data": 42}, 4},
		{"options a string", map[string]any{"data.options": "question"}, 4},
		{"option value a number", map[string]any{"data.options": []any{map[string]any{"name": "question", "type": 3, "value": 7}}}, 4},
		{"member a string", map[string]any{"member": "u1"}, 4},
		{"button data a number", map[string]any{"type": 3, "data": 5}, 4},
		{"autocomplete data a string", map[string]any{"type": 4, "data": "x"}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, body := h.fake.HTTPMalformed(discordtest.Invoke{GuildID: "g1"}, tt.fields)
			_, reply := h.post(t, id, body)
			if reply["type"] != tt.reply {
				t.Fatalf("reply %v; want type %v", reply, tt.reply)
			}
			data, _ := reply["data"].(map[string]any)
			if tt.reply == 4 {
				content, _ := data["content"].(string)
				if !strings.Contains(content, "That request was malformed") || data["flags"] != float64(64) {
					t.Errorf("reply %v; want an ephemeral \"That request was malformed\"", reply)
				}
			}
			if !strings.Contains(h.logs.String(), `level=WARN msg="malformed interaction" interaction=`+id) {
				t.Errorf("no warning for interaction %s in the log:\n%s", id, h.logs)
			}
		})
	}
	if logs := h.logs.String(); strings.Contains(logs, "panic") || strings.Contains(logs, "goroutine ") {
		t.Errorf("the log shows a panic:\n%s", logs)
	}
}
