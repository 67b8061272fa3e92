package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Members' messages, message context menu commands, modals, reactions and forum threads:
// what docent's community features need from the fake.

// UserMessage is a message a member posted, which the bot can be pointed at (context
// menus) or fetch over REST.
type UserMessage struct {
	ID         string // assigned by PostUserMessage when empty
	ChannelID  string // "c1" if empty
	GuildID    string
	Content    string
	Author     User
	Nick       string // the author's server nickname, in resolved members
	GlobalName string
	ReplyTo    string // id of the stored user message this one replies to
}

// Modal is a modal the bot opened (callback type 9).
type Modal struct {
	CustomID   string `json:"custom_id"`
	Title      string `json:"title"`
	Components []struct {
		Type       int `json:"type"`
		Components []struct {
			Type      int    `json:"type"`
			CustomID  string `json:"custom_id"`
			Label     string `json:"label"`
			Style     int    `json:"style"`
			Value     string `json:"value"`
			Required  bool   `json:"required"`
			MaxLength int    `json:"max_length"`
		} `json:"components"`
	} `json:"components"`
}

// Value is the prefilled value of the text input with that custom id.
func (m Modal) Value(id string) (string, bool) {
	for _, r := range m.Components {
		for _, c := range r.Components {
			if c.CustomID == id {
				return c.Value, true
			}
		}
	}
	return "", false
}

type community struct {
	users     map[string]UserMessage
	modals    map[string]Modal // by interaction id
	reactions []Reaction
	channels  map[string]Channel // forum.go
	started   []string           // threads the bot opened on messages, in order (forum.go)
}

// Reaction is one reaction the bot added.
type Reaction struct{ ChannelID, MessageID, Emoji string }

func (s *Server) comm() *community {
	if s.community == nil {
		s.community = &community{users: map[string]UserMessage{}, modals: map[string]Modal{}, channels: map[string]Channel{}}
	}
	return s.community
}

// PostUserMessage stores a member's message (not dispatched) and returns its id.
func (s *Server) PostUserMessage(m UserMessage) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.ID == "" {
		m.ID = s.newIDLocked()
	}
	if m.ChannelID == "" {
		m.ChannelID = "c1"
	}
	if m.Author.ID == "" {
		m.Author = User{ID: "u9", Username: "member"}
	}
	s.comm().users[m.ID] = m
	return m.ID
}

// userPayloadLocked renders a stored member's message as Discord sends it.
func (s *Server) userPayloadLocked(id string, withReferenced bool) map[string]any {
	m := s.comm().users[id]
	author := map[string]any{"id": m.Author.ID, "username": m.Author.Username}
	if m.GlobalName != "" {
		author["global_name"] = m.GlobalName
	}
	out := map[string]any{"id": m.ID, "channel_id": m.ChannelID, "content": m.Content, "type": 0,
		"author": author, "timestamp": time.Now().UTC().Format(time.RFC3339), "attachments": []any{}, "embeds": []any{}}
	if m.GuildID != "" {
		out["guild_id"] = m.GuildID
	}
	if m.ReplyTo != "" {
		out["type"] = 19
		out["message_reference"] = map[string]any{"message_id": m.ReplyTo, "channel_id": m.ChannelID}
		if withReferenced {
			out["referenced_message"] = s.userPayloadLocked(m.ReplyTo, false)
		}
	}
	return out
}

// MessageCommand dispatches a message context menu command (type 2, data.type 3) on the
// stored member's message target. withReferenced puts the message it replies to in the
// payload, as Discord usually does; without it the bot has to fetch it.
func (s *Server) MessageCommand(v Invoke, name, target string, withReferenced bool) string {
	s.mu.Lock()
	m, ok := s.comm().users[target]
	if !ok {
		s.mu.Unlock()
		s.tb.Fatalf("MessageCommand: no member message %s", target)
	}
	payload := s.userPayloadLocked(target, withReferenced)
	resolved := map[string]any{"messages": map[string]any{target: payload}}
	if m.Nick != "" && m.GuildID != "" {
		resolved["members"] = map[string]any{m.Author.ID: map[string]any{"nick": m.Nick, "roles": []string{}}}
	}
	s.mu.Unlock()
	return s.dispatchInteraction(v, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 3,
		"target_id": target, "resolved": resolved}, "")
}

// ModalSubmit dispatches a modal submit (type 5) with the given text input values, laid
// out as Discord does: one action row per input. messageID, when set, is the stored
// message whose button opened the modal.
func (s *Server) ModalSubmit(v Invoke, customID string, values map[string]string, messageID string) string {
	rows := []any{}
	for id, val := range values {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": id, "value": val}}})
	}
	return s.dispatchInteraction(v, 5, map[string]any{"custom_id": customID, "components": rows}, messageID)
}

// Modal returns the modal the bot opened in answer to an interaction.
func (s *Server) Modal(interactionID string) (Modal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.comm().modals[interactionID]
	return m, ok
}

// modalLocked checks and records a modal callback (type 9): Discord's limits, and only
// text inputs in action rows (no Label component, which discordgo v0.29 cannot read back).
func (s *Server) modalLocked(id string, data json.RawMessage) []string {
	var m Modal
	if err := json.Unmarshal(data, &m); err != nil {
		return []string{"invalid json: " + err.Error()}
	}
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if m.CustomID == "" || len(m.CustomID) > MaxCustomID {
		bad("custom_id: %d characters", len(m.CustomID))
	}
	if m.Title == "" || n(m.Title) > 45 {
		bad("title: %d characters", n(m.Title))
	}
	if len(m.Components) == 0 || len(m.Components) > 5 {
		bad("components: %d rows", len(m.Components))
	}
	for i, r := range m.Components {
		if r.Type != 1 || len(r.Components) != 1 {
			bad("components[%d]: type %d with %d components; want an action row with one text input", i, r.Type, len(r.Components))
			continue
		}
		c := r.Components[0]
		switch {
		case c.Type != 4:
			bad("components[%d][0]: type %d is not a text input", i, c.Type)
		case c.CustomID == "" || c.Label == "" || n(c.Label) > 45:
			bad("components[%d][0]: custom_id %q, label of %d characters", i, c.CustomID, n(c.Label))
		case c.MaxLength < 0 || c.MaxLength > 4000 || (c.MaxLength > 0 && n(c.Value) > c.MaxLength):
			bad("components[%d][0]: value of %d characters, max_length %d", i, n(c.Value), c.MaxLength)
		}
	}
	if len(p) == 0 {
		s.comm().modals[id] = m
	}
	return p
}

// communityRoute serves the REST calls of the community features; ok is false for
// other paths.
func (s *Server) communityRoute(r *http.Request, parts []string, reqBody []byte) (status int, body []byte, ok bool) {
	if r.Method == "GET" && len(parts) == 2 && parts[0] == "channels" {
		s.mu.Lock()
		defer s.mu.Unlock()
		status, body = s.channelLocked(parts[1])
		return status, body, true
	}
	if len(parts) < 4 || parts[0] != "channels" || parts[2] != "messages" {
		return 0, nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == "GET" && len(parts) == 4:
		m, found := s.comm().users[parts[3]]
		if !found || m.ChannelID != parts[1] {
			status, body = errJSON(restError{status: 404, code: 10008, msg: "Unknown Message"})
			return status, body, true
		}
		status, body = okJSON(s.userPayloadLocked(m.ID, true))
		return status, body, true
	case r.Method == "POST" && len(parts) == 5 && parts[4] == "threads":
		status, body = s.startThreadLocked(parts[1], parts[3], reqBody)
		return status, body, true
	case r.Method == "PUT" && len(parts) == 7 && parts[4] == "reactions" && parts[6] == "@me":
		s.comm().reactions = append(s.comm().reactions, Reaction{ChannelID: parts[1], MessageID: parts[3], Emoji: parts[5]})
		return http.StatusNoContent, nil, true
	}
	return 0, nil, false
}

// Reactions returns the reactions the bot added, oldest first.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reaction(nil), s.comm().reactions...)
}
