package discordtest

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
)

// Faults on the gateway, as Discord produces them, and the record a test checks them by.

// Kinds of GatewayEvent.
const (
	EventHello          = "hello"           // a connection was upgraded and got HELLO
	EventIdentify       = "identify"        // IDENTIFY received
	EventResume         = "resume"          // RESUME received
	EventInvalidSession = "invalid_session" // op 9 sent
	EventClientClose    = "client_close"    // the client sent a close frame (Code)
	EventSilenced       = "silenced"        // Silence took effect
)

// GatewayEvent is one step of the gateway's life, in the order it happened.
type GatewayEvent struct {
	At     time.Time
	Kind   string
	Shard  int
	Code   int    // EventClientClose: the client's close code
	Remote string // the client's address as the fake saw it
}

func (s *Server) event(e GatewayEvent) {
	e.At = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gwEvents = append(s.gwEvents, e)
}

// GatewayEvents returns every gateway event so far, oldest first.
func (s *Server) GatewayEvents() []GatewayEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayEvent(nil), s.gwEvents...)
}

// CountEvents counts the gateway events of a kind.
func (s *Server) CountEvents(kind string) int {
	n := 0
	for _, e := range s.GatewayEvents() {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// clientClosed records how the client ended a connection. A close with 1000 or 1001
// ends the session, as on Discord: a later RESUME of it gets op 9. The client's answer
// to a close the fake started does not count.
func (s *Server) clientClosed(c *gatewayConn, err error) {
	var ce *websocket.CloseError
	c.wmu.Lock()
	answer := c.closed
	c.wmu.Unlock()
	if !errors.As(err, &ce) || answer {
		return
	}
	s.event(GatewayEvent{Kind: EventClientClose, Shard: c.shard, Code: ce.Code, Remote: c.remote})
	if (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) && c.sess != nil {
		s.mu.Lock()
		delete(s.sessions, c.sess.id)
		s.mu.Unlock()
	}
}

// Silence turns shard's live connection into a zombie: it stays open and keeps reading,
// but sends nothing more, heartbeat ACKs included. What is dispatched meanwhile waits for
// a RESUME, as on Discord.
func (s *Server) Silence(shard int) {
	c, ok := s.takeConn(shard)
	if !ok {
		s.tb.Errorf("Silence: shard %d is not connected", shard)
		return
	}
	c.sess.detach(c)
	c.wmu.Lock()
	c.silent = true
	c.wmu.Unlock()
	s.event(GatewayEvent{Kind: EventSilenced, Shard: shard, Remote: c.remote})
}

// InvalidateSession sends op 9 on shard's live connection and forgets its session: the
// client must IDENTIFY again (on the same connection), and a RESUME of the session gets
// op 9 too.
func (s *Server) InvalidateSession(shard int) {
	s.mu.Lock()
	c, ok := s.conns[shard]
	if ok {
		delete(s.sessions, c.sess.id)
	}
	s.mu.Unlock()
	if !ok {
		s.tb.Errorf("InvalidateSession: shard %d is not connected", shard)
		return
	}
	c.sess.detach(c)
	s.event(GatewayEvent{Kind: EventInvalidSession, Shard: shard, Remote: c.remote})
	if err := c.send(9, false); err != nil {
		s.tb.Errorf("InvalidateSession: %v", err)
	}
}

// RefuseNext makes the next connection of shard be closed with code right after it
// identifies or resumes (4004: authentication failed, 4014: disallowed intents).
func (s *Server) RefuseNext(shard, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeCodes[shard] = code
}

// CloseGateway closes the live connection of shard with a close code, as Discord does
// (1001 or 4000 for a drop the client should resume from, 4004 for a bad token, ...).
func (s *Server) CloseGateway(shard, code int) {
	c, ok := s.takeConn(shard)
	if ok {
		c.sess.detach(c) // what is dispatched from now on waits for a RESUME
		c.close(code)
	}
}

// RequestReconnect sends op 7 on shard's connection: Discord asking the client to
// reconnect and resume.
func (s *Server) RequestReconnect(shard int) {
	s.mu.Lock()
	c, ok := s.conns[shard]
	s.mu.Unlock()
	if !ok {
		s.tb.Errorf("RequestReconnect: shard %d is not connected", shard)
		return
	}
	if err := c.send(7, nil); err != nil {
		s.tb.Errorf("RequestReconnect: %v", err)
	}
}

// DropSession forgets shard's session without a word, as Discord does when a session
// expires: the next RESUME gets op 9.
func (s *Server) DropSession(shard int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss, ok := s.latest[shard]; ok {
		delete(s.sessions, ss.id)
	}
}

// takeConn removes shard's live connection from the server's view and returns it.
func (s *Server) takeConn(shard int) (*gatewayConn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[shard]
	if ok {
		delete(s.conns, shard)
		s.notifyConnChange()
	}
	return c, ok
}
