package bot

import (
	"sync"
	"time"
)

// convStore keeps the DM conversations: small, bounded and expiring, so that a process
// holds at most max of them and none past ttl. A restart forgets them; the next message
// then starts afresh, which is what a member expects after a pause anyway.
type convStore struct {
	mu  sync.Mutex
	m   map[string]conversation
	max int
	ttl time.Duration
	now func() time.Time
}

func newConvStore(max int, ttl time.Duration) *convStore {
	return &convStore{m: map[string]conversation{}, max: max, ttl: ttl, now: time.Now}
}

// get returns the conversation under key unless it has expired.
func (s *convStore) get(key string) (conversation, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.m[key]
	if !ok || s.now().Sub(c.At) > s.ttl {
		delete(s.m, key)
		return conversation{}, false
	}
	return c, true
}

// put stores c under key, stamped now; when full it drops the expired, then the oldest.
func (s *convStore) put(key string, c conversation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c.At = now
	if _, ok := s.m[key]; !ok && len(s.m) >= s.max {
		oldest, at := "", now
		for k, v := range s.m {
			if now.Sub(v.At) > s.ttl {
				delete(s.m, k)
			} else if !v.At.After(at) {
				oldest, at = k, v.At
			}
		}
		if len(s.m) >= s.max {
			delete(s.m, oldest)
		}
	}
	s.m[key] = c
}

func (s *convStore) drop(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

func (s *convStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
