package bot

import (
	"slices"
	"sync"
	"time"
)

// convStore keeps the DM conversations: small, bounded and expiring, so that a process
// holds at most max of them and none past ttl. Without a data folder a restart forgets
// them (the next message then starts afresh, which is what a member expects after a
// pause anyway); with one they are saved and loaded again (convfile.go).
type convStore struct {
	mu      sync.Mutex
	m       map[string]conversation
	max     int
	ttl     time.Duration
	now     func() time.Time
	changes uint64 // counts puts and drops, so that a saver can tell whether to write
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
	s.changes++
}

func (s *convStore) drop(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; ok {
		delete(s.m, key)
		s.changes++
	}
}

// live returns a copy of the unexpired conversations and the change count they reflect.
func (s *convStore) live() (map[string]conversation, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	out := make(map[string]conversation, len(s.m))
	for k, c := range s.m {
		if now.Sub(c.At) <= s.ttl {
			out[k] = c
		}
	}
	return out, s.changes
}

// restore adds saved conversations, keeping their times: the expired are dropped, one
// stamped in the future counts from now, and when there are more than the store holds
// the newest are kept. It returns how many it kept.
func (s *convStore) restore(saved map[string]conversation) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	keys := make([]string, 0, len(saved))
	for k, c := range saved {
		if k == "" || now.Sub(c.At) > s.ttl {
			continue
		}
		if c.At.After(now) {
			c.At = now
			saved[k] = c
		}
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return saved[b].At.Compare(saved[a].At) })
	n := 0
	for _, k := range keys {
		if len(s.m) >= s.max {
			break
		}
		if _, ok := s.m[k]; !ok {
			s.m[k] = saved[k]
			n++
		}
	}
	return n
}

func (s *convStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
