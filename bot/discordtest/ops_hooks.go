package discordtest

import "encoding/json"

// HTTP interactions mode: Discord POSTs the interaction to the bot's endpoint instead of
// dispatching it on the gateway, and takes the endpoint's reply body as the first
// response. These hooks let a test play Discord's part: HTTPInteraction makes the payload
// (tracked like a dispatched interaction, so edits and follow-ups work), and
// InlineResponse records the endpoint's reply as the callback.

// HTTPInteraction registers an interaction of type typ (2 command, 3 component,
// 4 autocomplete) without dispatching it and returns its id and the JSON body Discord
// would POST. For a component, messageID is the message the button is on.
func (s *Server) HTTPInteraction(v Invoke, typ int, data map[string]any, messageID string) (string, []byte) {
	s.tb.Helper()
	id, m := s.newInteraction(v, typ, data, messageID)
	body, err := json.Marshal(m)
	if err != nil {
		s.tb.Fatalf("HTTPInteraction: %v", err)
	}
	return id, body
}

// HTTPCommand is HTTPInteraction for a slash command.
func (s *Server) HTTPCommand(v Invoke, name string, options ...Option) (string, []byte) {
	return s.HTTPInteraction(v, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}, "")
}

// HTTPClick is HTTPInteraction for a button press on a stored message.
func (s *Server) HTTPClick(v Invoke, messageID, customID string) (string, []byte) {
	return s.HTTPInteraction(v, 3, map[string]any{"custom_id": customID, "component_type": 2}, messageID)
}

// InlineResponse takes body, the endpoint's reply to interaction id, as the interaction's
// first response, checked exactly like a REST callback (limits, deadline, only once). It
// returns the status and body the callback would have had.
func (s *Server) InlineResponse(id string, body []byte) (int, []byte) {
	return s.callback(id, "tok"+id, body)
}
