package discordtest

import "encoding/json"

// Malformed interactions: payloads with a field missing or of the wrong shape (a string
// or a number where Discord sends an object), to check that the bot copes. They are
// tracked like any interaction, so a reply to them is recorded.

// omit is the value that removes a field in Malformed.
type omit struct{}

// Omit as a value in Malformed's fields removes that field from the payload.
var Omit = omit{}

// Malformed dispatches a slash command (type 2 unless fields say otherwise) whose top-level
// fields are replaced by fields (Omit removes one), and returns its id. Paths with dots
// reach into objects: "data.options" replaces the options.
func (s *Server) Malformed(v Invoke, fields map[string]any) string {
	id, m := s.malformed(v, fields)
	s.Dispatch(v.Shard, "INTERACTION_CREATE", m)
	return id
}

// HTTPMalformed is Malformed for HTTP interactions mode: the id and the body Discord
// would POST.
func (s *Server) HTTPMalformed(v Invoke, fields map[string]any) (string, []byte) {
	s.tb.Helper()
	id, m := s.malformed(v, fields)
	body, err := json.Marshal(m)
	if err != nil {
		s.tb.Fatalf("HTTPMalformed: %v", err)
	}
	return id, body
}

func (s *Server) malformed(v Invoke, fields map[string]any) (string, map[string]any) {
	data := map[string]any{"id": "cmd-ask", "name": "ask", "type": 1,
		"options": []Option{{Name: "question", Type: 3, Value: "what is it?"}}}
	id, m := s.newInteraction(v, 2, data, "")
	for path, val := range fields {
		set(m, path, val)
	}
	return id, m
}

// set replaces (or with Omit removes) the field at a dotted path.
func set(m map[string]any, path string, val any) {
	for i := 0; i < len(path); i++ {
		if path[i] == '.' {
			inner, ok := m[path[:i]].(map[string]any)
			if !ok {
				return
			}
			set(inner, path[i+1:], val)
			return
		}
	}
	if _, ok := val.(omit); ok {
		delete(m, path)
		return
	}
	m[path] = val
}
