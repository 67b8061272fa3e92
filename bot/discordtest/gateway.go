package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Privileged intents: guild members, presences, message content.
const privilegedIntents = 1<<1 | 1<<8 | 1<<15

// Identify is an IDENTIFY payload the gateway received.
type Identify struct {
	Token   string  `json:"token"`
	Intents int     `json:"intents"`
	Shard   *[2]int `json:"shard"`
}

// gwSession is a gateway session: it outlives a connection, numbers the dispatches and
// keeps them so that a RESUME replays what the client missed, as Discord does.
type gwSession struct {
	id    string
	shard int

	mu     sync.Mutex
	seq    int
	events []gwEvent
	conn   *gatewayConn // the live connection, nil while disconnected
}

type gwEvent struct {
	seq int
	t   string
	d   any
}

// dispatch numbers and records an event and sends it when the session is connected;
// otherwise it waits for a RESUME.
func (ss *gwSession) dispatch(t string, d any) error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.seq++
	ss.events = append(ss.events, gwEvent{ss.seq, t, d})
	if ss.conn == nil {
		return nil
	}
	return ss.conn.write(map[string]any{"op": 0, "s": ss.seq, "t": t, "d": d})
}

// attach makes c the session's connection and replays the events after seq.
func (ss *gwSession) attach(c *gatewayConn, after int) error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.conn = c
	for _, e := range ss.events {
		if e.seq > after {
			if err := c.write(map[string]any{"op": 0, "s": e.seq, "t": e.t, "d": e.d}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (ss *gwSession) detach(c *gatewayConn) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.conn == c {
		ss.conn = nil
	}
}

type gatewayConn struct {
	ws    *websocket.Conn
	shard int
	sess  *gwSession

	wmu    sync.Mutex
	ready  bool
	closed bool
}

func (c *gatewayConn) isReady() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ready && !c.closed
}

func (c *gatewayConn) write(m map[string]any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed {
		return fmt.Errorf("shard %d: connection closed", c.shard)
	}
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(m)
}

// send writes a non-dispatch opcode.
func (c *gatewayConn) send(op int, d any) error { return c.write(map[string]any{"op": op, "d": d}) }

func (c *gatewayConn) close(code int) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	msg := websocket.FormatCloseMessage(code, fmt.Sprintf("closed by the fake with %d", code))
	c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	c.ws.Close()
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.tb.Logf("gateway upgrade: %v", err)
		return
	}
	c := &gatewayConn{ws: ws}
	defer c.close(1000)
	if err := c.send(10, map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}); err != nil {
		return
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var first struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := ws.ReadJSON(&first); err != nil {
		return
	}
	switch first.Op {
	case 2:
		var id Identify
		json.Unmarshal(first.D, &id)
		s.mu.Lock()
		s.identifies = append(s.identifies, id)
		s.mu.Unlock()
		if id.Shard != nil {
			c.shard = id.Shard[0]
		}
		if code := s.refuse(c.shard, id.Token, id.Intents, id.Shard); code != 0 {
			c.close(code)
			return
		}
		if s.opts.HoldReady {
			ws.SetReadDeadline(time.Time{})
			for {
				if _, _, err := ws.ReadMessage(); err != nil {
					return
				}
			}
		}
		ss := &gwSession{id: fmt.Sprintf("sess-%d-%s", c.shard, s.newID()), shard: c.shard}
		c.sess = ss
		s.register(c)
		ready := map[string]any{"v": 9, "session_id": ss.id,
			"user":        User{ID: BotUserID, Username: "docent", Bot: true},
			"application": map[string]any{"id": s.opts.AppID, "flags": 0}, "guilds": []any{}}
		if id.Shard != nil {
			ready["shard"] = id.Shard
		}
		if ss.attach(c, 0) != nil || ss.dispatch("READY", ready) != nil {
			return
		}
	case 6:
		var res struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
			Seq       int    `json:"seq"`
		}
		json.Unmarshal(first.D, &res)
		s.mu.Lock()
		ss, ok := s.sessions[res.SessionID]
		s.mu.Unlock()
		if !ok {
			c.send(9, false) // invalid session: discordgo identifies again
			return
		}
		c.shard, c.sess = ss.shard, ss
		if code := s.refuse(c.shard, res.Token, 0, nil); code != 0 {
			c.close(code)
			return
		}
		s.register(c)
		if ss.attach(c, res.Seq) != nil || ss.dispatch("RESUMED", map[string]any{}) != nil {
			return
		}
	default:
		c.close(4003) // not authenticated
		return
	}
	c.wmu.Lock()
	c.ready = true
	c.wmu.Unlock()
	s.mu.Lock()
	s.notifyConnChange()
	s.mu.Unlock()
	ws.SetReadDeadline(time.Time{})
	for {
		var m struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&m); err != nil {
			break
		}
		if m.Op == 1 {
			if c.send(11, nil) != nil {
				break
			}
		}
	}
	c.sess.detach(c)
	s.mu.Lock()
	if s.conns[c.shard] == c {
		delete(s.conns, c.shard)
		s.notifyConnChange()
	}
	s.mu.Unlock()
}

// refuse returns the close code a connection gets, or 0.
func (s *Server) refuse(shard int, token string, intents int, sh *[2]int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.closeCodes[shard]; ok {
		delete(s.closeCodes, shard)
		return code
	}
	switch {
	case token != s.opts.Token:
		return 4004
	case intents&privilegedIntents&^s.opts.AllowedIntents != 0:
		return 4014
	case sh != nil && (sh[0] < 0 || sh[1] < 1 || sh[0] >= sh[1]):
		return 4010
	}
	return 0
}

func (s *Server) register(c *gatewayConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.conns[c.shard]; ok && old != c {
		old.sess.detach(old)
		go old.close(1000)
	}
	s.conns[c.shard] = c
	s.sessions[c.sess.id] = c.sess
	s.latest[c.shard] = c.sess
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
	s.mu.Lock()
	c, ok := s.conns[shard]
	if ok {
		delete(s.conns, shard)
		s.notifyConnChange()
	}
	s.mu.Unlock()
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

// Connected tells whether shard has a live connection that completed its handshake.
func (s *Server) Connected(shard int) bool {
	s.mu.Lock()
	c, ok := s.conns[shard]
	s.mu.Unlock()
	return ok && c.isReady()
}

// Dispatch sends an event to the bot on shard's session. While the shard is
// disconnected the event waits and is replayed when the bot resumes, as on Discord; it
// fails the test when the shard never connected.
func (s *Server) Dispatch(shard int, event string, d any) {
	s.mu.Lock()
	ss, ok := s.latest[shard]
	s.mu.Unlock()
	if !ok {
		s.tb.Errorf("dispatch %s: shard %d never connected", event, shard)
		return
	}
	if err := ss.dispatch(event, d); err != nil {
		s.tb.Logf("dispatch %s: %v (the event waits for a resume)", event, err)
	}
}

// MessageCreate dispatches MESSAGE_CREATE for a user's message and returns its id. An
// empty guild is a DM; mentionBot adds the bot to the message's mentions.
func (s *Server) MessageCreate(v Invoke, content string, mentionBot bool) string {
	if v.UserID == "" {
		v.UserID = "u1"
	}
	if v.ChannelID == "" {
		v.ChannelID = "c1"
	}
	id := s.newID()
	mentions := []User{}
	if mentionBot {
		mentions = append(mentions, User{ID: BotUserID, Username: "docent", Bot: true})
	}
	m := map[string]any{"id": id, "channel_id": v.ChannelID, "content": content, "type": 0,
		"author": User{ID: v.UserID, Username: "user" + v.UserID}, "mentions": mentions,
		"timestamp": time.Now().UTC().Format(time.RFC3339)}
	if v.GuildID != "" {
		m["guild_id"] = v.GuildID
	}
	s.Dispatch(v.Shard, "MESSAGE_CREATE", m)
	return id
}
