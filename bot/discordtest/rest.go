package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Message is a message as the fake stores it: what the bot sent, decoded.
type Message struct {
	ID               string           `json:"id"`
	ChannelID        string           `json:"channel_id"`
	Content          string           `json:"content"`
	Embeds           []Embed          `json:"embeds"`
	Components       []Row            `json:"components"`
	Flags            int              `json:"flags,omitempty"`
	AllowedMentions  *AllowedMentions `json:"allowed_mentions,omitempty"`
	MessageReference *Reference       `json:"message_reference,omitempty"`
	Author           *User            `json:"author,omitempty"`
	Timestamp        string           `json:"timestamp,omitempty"`
}

// Ephemeral tells whether the message has flag 64.
func (m Message) Ephemeral() bool { return m.Flags&64 != 0 }

// MentionsNone tells whether the message set allowed mentions to parse nothing.
func (m Message) MentionsNone() bool {
	return m.AllowedMentions != nil && m.AllowedMentions.Parse != nil && len(m.AllowedMentions.Parse) == 0 &&
		len(m.AllowedMentions.Users) == 0 && len(m.AllowedMentions.Roles) == 0
}

// Text joins content, embed titles, descriptions, fields and footers, for assertions.
func (m Message) Text() string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + "\n" + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

// Button finds a button by label (ignoring case), or nil.
func (m Message) Button(label string) *Component {
	for _, r := range m.Components {
		for i := range r.Components {
			if strings.EqualFold(r.Components[i].Label, label) {
				return &r.Components[i]
			}
		}
	}
	return nil
}

// Embed is one embed of a message.
type Embed struct {
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	URL         string  `json:"url,omitempty"`
	Color       int     `json:"color,omitempty"`
	Author      *Text   `json:"author,omitempty"`
	Footer      *Footer `json:"footer,omitempty"`
	Fields      []Field `json:"fields,omitempty"`
}

// Text is an embed part with a name.
type Text struct {
	Name string `json:"name"`
}

// Footer is an embed footer.
type Footer struct {
	Text string `json:"text"`
}

// Field is an embed field.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Row is an action row.
type Row struct {
	Type       int         `json:"type"`
	Components []Component `json:"components"`
}

// Component is a button (or any component inside a row).
type Component struct {
	Type     int    `json:"type"`
	Style    int    `json:"style,omitempty"`
	Label    string `json:"label,omitempty"`
	CustomID string `json:"custom_id,omitempty"`
	URL      string `json:"url,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	Emoji    *Emoji `json:"emoji,omitempty"`
}

// Emoji labels a button.
type Emoji struct {
	Name string `json:"name"`
}

// AllowedMentions is what the bot allowed to ping.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Users       []string `json:"users,omitempty"`
	Roles       []string `json:"roles,omitempty"`
	RepliedUser bool     `json:"replied_user"`
}

// Reference points a reply at the message it answers.
type Reference struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id,omitempty"`
}

// User is a Discord user.
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Bot      bool   `json:"bot,omitempty"`
}

// Choice is one autocomplete choice.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type callbackBody struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}

type restError struct {
	status int
	code   int
	msg    string
	errors any
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	path := trimAPI(r.URL.Path)
	if d := s.opts.Latency; d > 0 {
		// The round trip to Discord: the call is in flight this long before it is served.
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	s.serving.RLock()
	status, out := s.serve(r, path, body, w.Header())
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: path, Body: body, Status: status, Start: start, At: time.Now()})
	s.mu.Unlock()
	s.serving.RUnlock()
	if status == statusDropped {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	if status == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(status)
	w.Write(out)
}

// serve answers one call: an injected failure, a 429 over the route's limit, or the
// route itself; the rate-limit headers go in h.
func (s *Server) serve(r *http.Request, path string, body []byte, h http.Header) (int, []byte) {
	if f, ok := s.takeFailure(r.Method, path); ok {
		if f.status == http.StatusTooManyRequests && f.header.Get("X-RateLimit-Global") == "" {
			// A bucket's 429 carries its headers, with nothing left until retry_after.
			s.limit(r.Method, path, h)
			h.Set("X-RateLimit-Remaining", "0")
			var tm struct {
				RetryAfter float64 `json:"retry_after"`
			}
			if json.Unmarshal([]byte(f.body), &tm) == nil {
				h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", tm.RetryAfter))
			}
		}
		for k, v := range f.header {
			h[k] = v
		}
		return f.status, []byte(f.body)
	}
	if !s.limit(r.Method, path, h) {
		after, _ := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64)
		h.Set("X-RateLimit-Scope", "user")
		h.Set("Retry-After", fmt.Sprint(int(after+0.999)))
		return http.StatusTooManyRequests, []byte(fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%.3f,"global":false}`, after))
	}
	return s.route(r, path, body)
}

func (s *Server) route(r *http.Request, path string, body []byte) (int, []byte) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	open := len(parts) > 0 && (parts[0] == "webhooks" || parts[0] == "interactions") || path == "/gateway"
	if !open && r.Header.Get("Authorization") != s.opts.Token {
		return errJSON(restError{status: 401, msg: "401: Unauthorized"})
	}
	if status, out, ok := s.communityRoute(r, parts, body); ok {
		return status, out
	}
	switch {
	case r.Method == "GET" && path == "/gateway":
		return okJSON(map[string]any{"url": s.wsURL()})
	case r.Method == "GET" && path == "/gateway/bot":
		return okJSON(map[string]any{"url": s.wsURL(), "shards": s.opts.Shards,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})
	case r.Method == "GET" && path == "/users/@me":
		return okJSON(User{ID: BotUserID, Username: "docent", Bot: true})
	case r.Method == "PUT" && len(parts) == 3 && parts[0] == "applications" && parts[2] == "commands":
		return s.putCommands(parts[1], "global", body)
	case r.Method == "PUT" && len(parts) == 5 && parts[0] == "applications" && parts[2] == "guilds" && parts[4] == "commands":
		return s.putCommands(parts[1], parts[3], body)
	case r.Method == "POST" && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		return s.callback(parts[1], parts[2], body)
	case len(parts) >= 3 && parts[0] == "webhooks":
		return s.webhook(r, parts[1:], body)
	case r.Method == "POST" && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		return s.channelMessage(parts[1], body)
	case r.Method == "POST" && len(parts) == 3 && parts[0] == "channels" && parts[2] == "typing":
		return http.StatusNoContent, nil
	case r.Method == "POST" && path == "/users/@me/channels":
		var req struct {
			RecipientID string `json:"recipient_id"`
		}
		if json.Unmarshal(body, &req) != nil || req.RecipientID == "" {
			return errJSON(formError("recipient_id", "required"))
		}
		return okJSON(map[string]any{"id": "dm-" + req.RecipientID, "type": 1})
	}
	return errJSON(restError{status: 404, msg: "404: Not Found"})
}

func (s *Server) wsURL() string { return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway" }

func (s *Server) putCommands(app, scope string, body []byte) (int, []byte) {
	if app != s.opts.AppID {
		return errJSON(restError{status: 404, code: 10002, msg: "Unknown Application"})
	}
	var cmds []json.RawMessage
	if err := json.Unmarshal(body, &cmds); err != nil {
		return errJSON(formError("_", "not an array"))
	}
	if len(cmds) > 100 {
		return errJSON(formError("_", "more than 100 commands"))
	}
	out := make([]map[string]any, 0, len(cmds))
	for i, raw := range cmds {
		if problems := validateCommand(raw, scope != "global"); len(problems) > 0 {
			return errJSON(formError(fmt.Sprint(i), strings.Join(problems, "; ")))
		}
		var m map[string]any
		json.Unmarshal(raw, &m)
		m["id"] = s.newID()
		m["application_id"] = app
		out = append(out, m)
	}
	s.mu.Lock()
	s.commands[scope] = cmds
	s.mu.Unlock()
	return okJSON(out)
}

func (s *Server) channelMessage(channel string, body []byte) (int, []byte) {
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return errJSON(formError("_", "invalid json"))
	}
	if problems := validateMessage(m, false); len(problems) > 0 {
		return errJSON(formError("message", strings.Join(problems, "; ")))
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		return errJSON(restError{status: 400, code: 50006, msg: "Cannot send an empty message"})
	}
	s.mu.Lock()
	m.ID, m.ChannelID = s.newIDLocked(), channel
	m.Author = &User{ID: BotUserID, Username: "docent", Bot: true}
	m.Timestamp = time.Now().UTC().Format(time.RFC3339)
	s.messages[m.ID] = &m
	s.mu.Unlock()
	return okJSON(m)
}

// ChannelMessages returns the messages the bot posted to a channel, oldest first.
func (s *Server) ChannelMessages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, r := range s.requests {
		if r.Method == "POST" && r.Path == "/channels/"+channel+"/messages" && r.Status == 200 {
			var m Message
			json.Unmarshal(r.Body, &m)
			out = append(out, m)
		}
	}
	return out
}

func okJSON(v any) (int, []byte) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return http.StatusOK, b
}

func errJSON(e restError) (int, []byte) {
	m := map[string]any{"message": e.msg, "code": e.code}
	if e.errors != nil {
		m["errors"] = e.errors
	}
	b, _ := json.Marshal(m)
	return e.status, b
}

// formError is Discord's 400 for an invalid body: code 50035.
func formError(field, problem string) restError {
	return restError{status: 400, code: 50035, msg: "Invalid Form Body",
		errors: map[string]any{field: map[string]any{"_errors": []map[string]string{{"code": "BASE_TYPE_INVALID", "message": problem}}}}}
}
