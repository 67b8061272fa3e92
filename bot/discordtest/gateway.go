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
	ws     *websocket.Conn
	shard  int
	sess   *gwSession
	remote string // the client's address as the fake sees it

	wmu    sync.Mutex
	ready  bool
	closed bool
	silent bool // a zombie: reads on, answers nothing
}

func (c *gatewayConn) isReady() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ready && !c.closed && !c.silent
}

func (c *gatewayConn) isSilent() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.silent
}

func (c *gatewayConn) write(m map[string]any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed || c.silent {
		return fmt.Errorf("shard %d: connection closed or silent", c.shard)
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

// upgradeHeader is what Discord's gateway (behind Cloudflare) adds to its 101 response. A
// client that mistakes the response for frames trips over it: a bare 101 happens to line
// up with the frames after it, this one does not.
func upgradeHeader() http.Header {
	h := http.Header{}
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	h.Set("Server", "cloudflare")
	h.Set("CF-RAY", "8e2d3c4b5a697887-FRA")
	h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Set-Cookie", "__cf_bm=Zq3c1f0b9e5d2b1a7c6e5d4c3b2a1908; path=/; expires=Fri, 29-Nov-26 13:20:00 GMT; domain=.discord.gg; HttpOnly; Secure; SameSite=None")
	return h
}

// gwMessage is a payload the client sent.
type gwMessage struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, upgradeHeader())
	if err != nil {
		s.tb.Logf("gateway upgrade: %v", err)
		return
	}
	c := &gatewayConn{ws: ws, remote: r.RemoteAddr}
	defer c.close(1000)
	s.event(GatewayEvent{Kind: EventHello, Remote: c.remote})
	if err := c.send(10, map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}); err != nil {
		return
	}
	// The handshake: IDENTIFY, or RESUME, which an invalid session answers with op 9
	// and then waits for an IDENTIFY on the same connection, as Discord does.
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for !c.handshook() {
		var m gwMessage
		if err := ws.ReadJSON(&m); err != nil {
			return
		}
		var ok bool
		switch m.Op {
		case 2:
			ok = s.identify(c, m.D)
		case 6:
			ok = s.resume(c, m.D)
		default:
			c.close(4003) // not authenticated
		}
		if !ok {
			return
		}
	}
	ws.SetReadDeadline(time.Time{})
read:
	for {
		var m gwMessage
		if err := ws.ReadJSON(&m); err != nil {
			s.clientClosed(c, err)
			break
		}
		switch {
		case m.Op == 1 && !c.isSilent():
			if c.send(11, nil) != nil {
				break read
			}
		case m.Op == 2: // after an op 9 on this connection
			if !s.identify(c, m.D) {
				return
			}
		}
	}
	if c.sess != nil {
		c.sess.detach(c)
	}
	s.mu.Lock()
	if s.conns[c.shard] == c {
		delete(s.conns, c.shard)
		s.notifyConnChange()
	}
	s.mu.Unlock()
}

// handshook tells whether the connection got READY or RESUMED.
func (c *gatewayConn) handshook() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ready
}

func (s *Server) setReady(c *gatewayConn) {
	c.wmu.Lock()
	c.ready = true
	c.wmu.Unlock()
	s.mu.Lock()
	s.notifyConnChange()
	s.mu.Unlock()
}

// identify serves an IDENTIFY: a new session and READY. False ends the connection.
func (s *Server) identify(c *gatewayConn, d json.RawMessage) bool {
	var id Identify
	json.Unmarshal(d, &id)
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	s.mu.Unlock()
	if id.Shard != nil {
		c.shard = id.Shard[0]
	}
	s.event(GatewayEvent{Kind: EventIdentify, Shard: c.shard, Remote: c.remote})
	if code := s.refuse(c.shard, id.Token, id.Intents, id.Shard); code != 0 {
		c.close(code)
		return false
	}
	if s.opts.HoldReady {
		c.ws.SetReadDeadline(time.Time{})
		for {
			if _, _, err := c.ws.ReadMessage(); err != nil {
				return false
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
		return false
	}
	s.setReady(c)
	return true
}

// resume serves a RESUME: the session's missed events and RESUMED, or op 9 when the
// session is unknown or was invalidated. False ends the connection.
func (s *Server) resume(c *gatewayConn, d json.RawMessage) bool {
	var res struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int    `json:"seq"`
	}
	json.Unmarshal(d, &res)
	s.mu.Lock()
	ss, ok := s.sessions[res.SessionID]
	s.mu.Unlock()
	if ok {
		c.shard = ss.shard
	}
	s.event(GatewayEvent{Kind: EventResume, Shard: c.shard, Remote: c.remote})
	if !ok {
		s.event(GatewayEvent{Kind: EventInvalidSession, Shard: c.shard, Remote: c.remote})
		return c.send(9, false) == nil // the client is to IDENTIFY next
	}
	c.sess = ss
	if code := s.refuse(c.shard, res.Token, 0, nil); code != 0 {
		c.close(code)
		return false
	}
	s.register(c)
	if ss.attach(c, res.Seq) != nil || ss.dispatch("RESUMED", map[string]any{}) != nil {
		return false
	}
	s.setReady(c)
	return true
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
		if old.sess != nil {
			old.sess.detach(old)
		}
		go old.close(1000)
	}
	s.conns[c.shard] = c
	s.sessions[c.sess.id] = c.sess
	s.latest[c.shard] = c.sess
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
// empty guild is a DM; mentionBot adds the bot to the message's mentions. As on Discord,
// a server message that does not mention the bot arrives with empty content unless the
// bot identified with the Message Content intent.
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
	if v.GuildID != "" && !mentionBot && !s.contentIntent(v.Shard) {
		content = ""
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
