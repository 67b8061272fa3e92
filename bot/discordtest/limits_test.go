package discordtest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateMessage(t *testing.T) {
	button := func(id string) Component { return Component{Type: 2, Style: 1, Label: "x", CustomID: id} }
	row := func(n int) Row {
		r := Row{Type: 1}
		for range n {
			r.Components = append(r.Components, button("b"))
		}
		return r
	}
	tests := []struct {
		name string
		m    Message
		want string // a substring of the problem; "" for a valid message
	}{
		{"valid", Message{Content: "hi", Components: []Row{row(5)}}, ""},
		{"content", Message{Content: strings.Repeat("é", 2001)}, "content: 2001"},
		{"description", Message{Embeds: []Embed{{Description: strings.Repeat("x", 4097)}}}, "description: 4097"},
		{"total", Message{Embeds: []Embed{{Description: strings.Repeat("x", 4000)}, {Description: strings.Repeat("x", 2001)}}}, "in total"},
		{"field value", Message{Embeds: []Embed{{Fields: []Field{{Name: "n", Value: strings.Repeat("x", 1025)}}}}}, "value: 1025"},
		{"empty field", Message{Embeds: []Embed{{Fields: []Field{{Name: "n"}}}}}, "value: 0"},
		{"26 fields", Message{Embeds: []Embed{{Fields: make([]Field, 26)}}}, "fields: 26"},
		{"custom id", Message{Components: []Row{{Type: 1, Components: []Component{button(strings.Repeat("x", 101))}}}}, "custom_id: 101"},
		{"six buttons", Message{Components: []Row{row(6)}}, "6 buttons"},
		{"six rows", Message{Components: []Row{row(1), row(1), row(1), row(1), row(1), row(1)}}, "6 rows"},
		{"footer", Message{Embeds: []Embed{{Footer: &Footer{Text: strings.Repeat("x", 2049)}}}}, "footer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := json.Marshal(tt.m)
			got := strings.Join(CheckMessage(b), "; ")
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("CheckMessage = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestValidateChoicesAndCommands(t *testing.T) {
	many := make([]Choice, 26)
	for i := range many {
		many[i] = Choice{Name: "c", Value: "v"}
	}
	if p := validateChoices(many); len(p) == 0 {
		t.Errorf("26 choices accepted")
	}
	if p := validateChoices([]Choice{{Name: strings.Repeat("x", 101), Value: "v"}}); len(p) == 0 {
		t.Errorf("a 101-character choice name accepted")
	}
	tests := []struct {
		cmd string
		ok  bool
	}{
		{`{"name":"ask","description":"Ask","options":[{"name":"question","description":"q","type":3,"required":true}]}`, true},
		{`{"name":"Ask","description":"Ask"}`, false},
		{`{"name":"ask","description":""}`, false},
		{`{"name":"ask","description":"a","options":[{"name":"a","description":"a","type":3},{"name":"b","description":"b","type":3,"required":true}]}`, false},
		{`{"name":"ask","description":"a","contexts":[0,1,2,3]}`, false},
	}
	for _, tt := range tests {
		if p := validateCommand(json.RawMessage(tt.cmd), false); (len(p) == 0) != tt.ok {
			t.Errorf("validateCommand(%s) = %v; want ok %v", tt.cmd, p, tt.ok)
		}
	}
}
