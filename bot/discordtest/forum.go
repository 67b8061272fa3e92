package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Channels, forums and threads: what docent's auto-answer channels need from the fake.

// Channel types, as Discord numbers them.
const (
	ChannelText         = 0
	ChannelCategory     = 4
	ChannelPublicThread = 11
	ChannelForum        = 15
)

// Channel is a guild channel the fake knows, served by GET /channels/{id}.
type Channel struct {
	ID       string `json:"id"`
	Type     int    `json:"type"`
	GuildID  string `json:"guild_id,omitempty"`
	ParentID string `json:"parent_id,omitempty"`
	Name     string `json:"name,omitempty"`
	OwnerID  string `json:"owner_id,omitempty"`
}

// AddChannel makes a channel known to GET /channels/{id}.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.comm().channels[c.ID] = c
}

// ForumPost creates a post in a forum, as a member does: a public thread under forumID
// (made a forum channel if the fake does not know it) named title, whose first message,
// with the thread's id, holds content. It dispatches THREAD_CREATE (newly_created) on
// v.Shard and returns the thread's id. Like Discord, it sends no MESSAGE_CREATE for the
// first message here: tests that want one call MessageCreate with the thread as channel.
func (s *Server) ForumPost(v Invoke, forumID, title, content string) string {
	if v.UserID == "" {
		v.UserID = "u1"
	}
	s.mu.Lock()
	if _, ok := s.comm().channels[forumID]; !ok {
		s.comm().channels[forumID] = Channel{ID: forumID, Type: ChannelForum, GuildID: v.GuildID, Name: "help-forum"}
	}
	s.mu.Unlock()
	return s.Thread(v, Channel{ParentID: forumID, Name: title}, content, true)
}

// Thread dispatches THREAD_CREATE for t (type ChannelPublicThread unless set, in v's
// guild, owned by v's user) and stores its first message, content, under the thread's
// id; newly is the event's newly_created. It returns the thread's id.
func (s *Server) Thread(v Invoke, t Channel, content string, newly bool) string {
	if v.UserID == "" {
		v.UserID = "u1"
	}
	s.mu.Lock()
	if t.ID == "" {
		t.ID = s.newIDLocked()
	}
	if t.Type == 0 {
		t.Type = ChannelPublicThread
	}
	t.GuildID, t.OwnerID = v.GuildID, v.UserID
	s.comm().channels[t.ID] = t
	s.comm().users[t.ID] = UserMessage{ID: t.ID, ChannelID: t.ID, GuildID: v.GuildID, Content: content,
		Author: User{ID: v.UserID, Username: "user" + v.UserID}}
	s.mu.Unlock()
	s.Dispatch(v.Shard, "THREAD_CREATE", map[string]any{
		"id": t.ID, "type": t.Type, "guild_id": t.GuildID, "parent_id": t.ParentID, "owner_id": t.OwnerID,
		"name": t.Name, "newly_created": newly, "message_count": 0, "member_count": 1,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 4320, "locked": false,
			"archive_timestamp": time.Now().UTC().Format(time.RFC3339)},
	})
	return t.ID
}

// GuildCreate dispatches GUILD_CREATE for a server on shard, as Discord does when the bot
// connects (with the Guilds intent): the server with its channels and active threads,
// each of which GET /channels/{id} then serves too. A channel's parent_id is its category,
// a thread's its channel.
func (s *Server) GuildCreate(shard int, guildID string, channels ...Channel) {
	list, threads := []Channel{}, []Channel{}
	s.mu.Lock()
	for _, c := range channels {
		c.GuildID = guildID
		s.comm().channels[c.ID] = c
		if c.Type == ChannelPublicThread {
			threads = append(threads, c)
		} else {
			list = append(list, c)
		}
	}
	s.mu.Unlock()
	s.Dispatch(shard, "GUILD_CREATE", map[string]any{"id": guildID, "name": "server " + guildID, "unavailable": false,
		"joined_at": time.Now().UTC().Format(time.RFC3339), "member_count": 1, "roles": []any{}, "emojis": []any{},
		"members": []any{}, "channels": list, "threads": threads})
}

// channelLocked serves GET /channels/{id}.
func (s *Server) channelLocked(id string) (int, []byte) {
	c, ok := s.comm().channels[id]
	if !ok {
		return errJSON(restError{status: http.StatusNotFound, code: 10003, msg: "Unknown Channel"})
	}
	return okJSON(c)
}

// contentIntent tells whether the newest IDENTIFY of shard asked for Message Content.
func (s *Server) contentIntent(shard int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.identifies) - 1; i >= 0; i-- {
		id := s.identifies[i]
		if id.Shard == nil && shard == 0 || id.Shard != nil && id.Shard[0] == shard {
			return id.Intents&(1<<15) != 0
		}
	}
	return false
}

// startThreadLocked serves POST /channels/{channel}/messages/{message}/threads: like
// Discord, the thread gets the message's id, is a public thread under channel owned by
// the bot, and can be started once per message. A name must have 1 to 100 characters;
// threads cannot be started in a thread, nor on an ephemeral or unknown message.
func (s *Server) startThreadLocked(channel, message string, body []byte) (int, []byte) {
	var req struct {
		Name                string `json:"name"`
		AutoArchiveDuration int    `json:"auto_archive_duration"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return errJSON(formError("_", "invalid json"))
	}
	if l := n(req.Name); l < 1 || l > 100 || strings.TrimSpace(req.Name) == "" {
		return errJSON(formError("name", fmt.Sprintf("must be between 1 and 100 characters, not %d", l)))
	}
	switch req.AutoArchiveDuration {
	case 0, 60, 1440, 4320, 10080:
	default:
		return errJSON(formError("auto_archive_duration", fmt.Sprintf("%d is not 60, 1440, 4320 or 10080", req.AutoArchiveDuration)))
	}
	parent, known := s.comm().channels[channel]
	if known && parent.Type != ChannelText {
		return errJSON(restError{status: http.StatusBadRequest, code: 50024, msg: "Cannot execute action on this channel type"})
	}
	m, ok := s.messages[message]
	if !ok || m.ChannelID != channel || m.Ephemeral() {
		return errJSON(restError{status: http.StatusNotFound, code: 10008, msg: "Unknown Message"})
	}
	if _, dup := s.comm().channels[message]; dup {
		return errJSON(restError{status: http.StatusBadRequest, code: 160004, msg: "A thread has already been created for this message"})
	}
	t := Channel{ID: message, Type: ChannelPublicThread, GuildID: parent.GuildID, ParentID: channel, Name: req.Name, OwnerID: BotUserID}
	s.comm().channels[t.ID] = t
	s.comm().started = append(s.comm().started, t.ID)
	return okJSON(t)
}

// StartedThreads returns the threads the bot opened on messages, oldest first.
func (s *Server) StartedThreads() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.comm().started))
	for _, id := range s.comm().started {
		out = append(out, s.comm().channels[id])
	}
	return out
}
