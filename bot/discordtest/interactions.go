package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Interaction is what the fake knows about one interaction it dispatched: when it was sent,
// how and when the bot answered, and the messages that resulted.
type Interaction struct {
	ID, Token string
	UserID    string
	ChannelID string // where it was invoked: the channel of its response messages
	Sent      time.Time
	AckedAt   time.Time // zero until the first callback
	Callbacks []int     // callback types, in order (a second one is refused with 40060)
	Original  string    // id of the original response message
	Source    string    // for components: the message the button was on
	Followups []string  // ids of follow-up messages
	Late      bool      // the first callback came after the deadline
	Edits     int
	// AnsweredAt is when the last edit or follow-up was accepted: with a deferred
	// response, when the member saw the answer.
	AnsweredAt time.Time
}

type interactionState struct {
	Interaction
}

// Option is one slash-command option the fake sends.
type Option struct {
	Name    string `json:"name"`
	Type    int    `json:"type"`
	Value   any    `json:"value"`
	Focused bool   `json:"focused,omitempty"`
}

// Invoke describes who triggers an interaction and where.
type Invoke struct {
	Shard     int    // the gateway connection to dispatch on
	UserID    string // the invoking user; "u1" if empty
	GuildID   string // empty for a DM (context 1)
	ChannelID string // "c1" if empty
	// Permissions of the member (guild only), as Discord's decimal string; "0" if empty.
	Permissions string
	Roles       []string // the member's role ids (guild only)
}

func (v Invoke) base(id, token, app string, typ int) map[string]any {
	if v.UserID == "" {
		v.UserID = "u1"
	}
	if v.ChannelID == "" {
		v.ChannelID = "c1"
	}
	if v.Permissions == "" {
		v.Permissions = "0"
	}
	user := map[string]any{"id": v.UserID, "username": "user" + v.UserID}
	m := map[string]any{"id": id, "application_id": app, "type": typ, "token": token,
		"channel_id": v.ChannelID, "version": 1, "locale": "en-US"}
	if v.GuildID != "" {
		m["guild_id"] = v.GuildID
		m["context"] = 0
		roles := v.Roles
		if roles == nil {
			roles = []string{}
		}
		m["member"] = map[string]any{"user": user, "permissions": v.Permissions, "roles": roles}
	} else {
		m["context"] = 1
		m["user"] = user
	}
	return m
}

// Command dispatches a slash command (type 2) and returns the interaction id.
func (s *Server) Command(v Invoke, name string, options ...Option) string {
	return s.dispatchInteraction(v, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}, "")
}

// Autocomplete dispatches an autocomplete request (type 4) for a command whose focused
// option is marked Focused.
func (s *Server) Autocomplete(v Invoke, name string, options ...Option) string {
	return s.dispatchInteraction(v, 4, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}, "")
}

// Click dispatches a button press (type 3) on the stored message with the given id.
func (s *Server) Click(v Invoke, messageID, customID string) string {
	return s.dispatchInteraction(v, 3, map[string]any{"custom_id": customID, "component_type": 2}, messageID)
}

// ClickLabel presses the button with the given label on a message; it fails the test when
// the message has no such button.
func (s *Server) ClickLabel(v Invoke, messageID, label string) string {
	s.tb.Helper()
	m, ok := s.Message(messageID)
	if !ok {
		s.tb.Fatalf("ClickLabel: no message %s", messageID)
	}
	b := m.Button(label)
	if b == nil {
		s.tb.Fatalf("ClickLabel: message %s has no button %q", messageID, label)
	}
	return s.Click(v, messageID, b.CustomID)
}

func (s *Server) dispatchInteraction(v Invoke, typ int, data map[string]any, messageID string) string {
	id, m := s.newInteraction(v, typ, data, messageID)
	s.Dispatch(v.Shard, "INTERACTION_CREATE", m)
	return id
}

// newInteraction builds an interaction payload and tracks it (deadline, responses), so
// that it can be delivered over the gateway or POSTed in HTTP mode alike. For a
// component, messageID is the message the button is on.
func (s *Server) newInteraction(v Invoke, typ int, data map[string]any, messageID string) (string, map[string]any) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newIDLocked()
	token := "tok" + id
	m := v.base(id, token, s.opts.AppID, typ)
	m["data"] = data
	st := &interactionState{Interaction{ID: id, Token: token, Source: messageID, ChannelID: m["channel_id"].(string)}}
	if u, ok := m["user"].(map[string]any); ok {
		st.UserID = u["id"].(string)
	} else {
		st.UserID = m["member"].(map[string]any)["user"].(map[string]any)["id"].(string)
	}
	if messageID != "" {
		msg, ok := s.messages[messageID]
		if !ok {
			s.tb.Fatalf("interaction on unknown message %s", messageID)
		}
		m["message"] = msg
	}
	st.Sent = time.Now()
	s.interact[token] = st
	return id, m
}

// Interaction returns what the fake knows of the interaction with the given id.
func (s *Server) Interaction(id string) (Interaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interact["tok"+id]
	if !ok {
		return Interaction{}, false
	}
	i := st.Interaction
	i.Callbacks = append([]int(nil), i.Callbacks...)
	i.Followups = append([]string(nil), i.Followups...)
	return i, true
}

// Interactions returns every interaction dispatched so far.
func (s *Server) Interactions() []Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Interaction, 0, len(s.interact))
	for _, st := range s.interact {
		out = append(out, st.Interaction)
	}
	return out
}

// Message returns a stored message by id.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

func (s *Server) callback(id, token string, body []byte) (int, []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interact[token]
	if !ok || st.ID != id {
		return errJSON(restError{status: 404, code: 10062, msg: "Unknown interaction"})
	}
	if len(st.Callbacks) > 0 {
		return errJSON(restError{status: 400, code: 40060, msg: "Interaction has already been acknowledged."})
	}
	now := time.Now()
	if now.Sub(st.Sent) > s.opts.AckDeadline {
		st.Late = true
		return errJSON(restError{status: 404, code: 10062, msg: "Unknown interaction"})
	}
	var cb callbackBody
	if err := json.Unmarshal(body, &cb); err != nil {
		return errJSON(formError("_", "invalid json"))
	}
	var msg Message
	if len(cb.Data) > 0 && string(cb.Data) != "null" {
		if err := json.Unmarshal(cb.Data, &msg); err != nil {
			return errJSON(formError("data", "invalid json"))
		}
	}
	switch cb.Type {
	case 4, 7:
		if problems := validateMessage(msg, true); len(problems) > 0 {
			return errJSON(formError("data", strings.Join(problems, "; ")))
		}
		if msg.Content == "" && len(msg.Embeds) == 0 {
			return errJSON(restError{status: 400, code: 50006, msg: "Cannot send an empty message"})
		}
	case 5:
		if msg.AllowedMentions == nil {
			msg.AllowedMentions = &AllowedMentions{Parse: []string{}}
		}
	case 6:
	case 9:
		if problems := s.modalLocked(id, cb.Data); len(problems) > 0 {
			return errJSON(formError("data", strings.Join(problems, "; ")))
		}
		st.Callbacks = append(st.Callbacks, cb.Type)
		st.AckedAt = now
		return http.StatusNoContent, nil
	case 8:
		var d struct {
			Choices []Choice `json:"choices"`
		}
		json.Unmarshal(cb.Data, &d)
		if problems := validateChoices(d.Choices); len(problems) > 0 {
			return errJSON(formError("data.choices", strings.Join(problems, "; ")))
		}
		st.Callbacks = append(st.Callbacks, cb.Type)
		st.AckedAt = now
		raw := cb.Data
		s.messages["choices-"+id] = &Message{ID: "choices-" + id, Content: string(raw)}
		st.Original = "choices-" + id
		return http.StatusNoContent, nil
	default:
		return errJSON(formError("type", fmt.Sprintf("unsupported callback type %d", cb.Type)))
	}
	st.Callbacks = append(st.Callbacks, cb.Type)
	st.AckedAt = now
	switch cb.Type {
	case 4, 5:
		msg.ID = s.newIDLocked()
		msg.ChannelID = st.ChannelID
		s.messages[msg.ID] = &msg
		st.Original = msg.ID
	case 6, 7:
		st.Original = st.Source
		if cb.Type == 7 {
			src := s.messages[st.Source]
			mergeMessage(src, cb.Data, msg)
		}
	}
	return http.StatusNoContent, nil
}

// Choices decodes the autocomplete choices the bot returned for an interaction.
func (s *Server) Choices(id string) []Choice {
	m, ok := s.Message("choices-" + id)
	if !ok {
		return nil
	}
	var d struct {
		Choices []Choice `json:"choices"`
	}
	json.Unmarshal([]byte(m.Content), &d)
	return d.Choices
}

// mergeMessage applies the fields present in raw to dst, as Discord's PATCH does.
func mergeMessage(dst *Message, raw []byte, m Message) {
	var present map[string]json.RawMessage
	json.Unmarshal(raw, &present)
	if _, ok := present["content"]; ok {
		dst.Content = m.Content
	}
	if v, ok := present["embeds"]; ok && string(v) != "null" {
		dst.Embeds = m.Embeds
	}
	if v, ok := present["components"]; ok && string(v) != "null" {
		dst.Components = m.Components
	}
	if _, ok := present["allowed_mentions"]; ok {
		dst.AllowedMentions = m.AllowedMentions
	}
	if _, ok := present["flags"]; ok && m.Flags != 0 {
		dst.Flags |= m.Flags
	}
}

func (s *Server) webhook(r *http.Request, parts []string, body []byte) (int, []byte) {
	// parts: app, token[, messages, id]
	if parts[0] != s.opts.AppID {
		return errJSON(restError{status: 404, code: 10015, msg: "Unknown Webhook"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interact[parts[1]]
	if !ok || len(st.Callbacks) == 0 {
		return errJSON(restError{status: 404, code: 10015, msg: "Unknown Webhook"})
	}
	var msg Message
	if err := json.Unmarshal(body, &msg); err != nil {
		return errJSON(formError("_", "invalid json"))
	}
	if problems := validateMessage(msg, true); len(problems) > 0 {
		return errJSON(formError("message", strings.Join(problems, "; ")))
	}
	switch {
	case r.Method == "POST" && len(parts) == 2:
		if msg.Content == "" && len(msg.Embeds) == 0 {
			return errJSON(restError{status: 400, code: 50006, msg: "Cannot send an empty message"})
		}
		msg.ID, msg.ChannelID = s.newIDLocked(), st.ChannelID
		s.messages[msg.ID] = &msg
		st.Followups = append(st.Followups, msg.ID)
		st.AnsweredAt = time.Now()
		return okJSON(msg)
	case r.Method == "PATCH" && len(parts) == 4 && parts[2] == "messages":
		target := parts[3]
		if target == "@original" {
			target = st.Original
		}
		dst, ok := s.messages[target]
		if !ok {
			return errJSON(restError{status: 404, code: 10008, msg: "Unknown Message"})
		}
		mergeMessage(dst, body, msg)
		if dst.Content == "" && len(dst.Embeds) == 0 {
			return errJSON(restError{status: 400, code: 50006, msg: "Cannot send an empty message"})
		}
		st.Edits++
		st.AnsweredAt = time.Now()
		return okJSON(dst)
	}
	return errJSON(restError{status: 405, msg: "405: Method Not Allowed"})
}
