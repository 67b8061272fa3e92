package bot

import (
	"sync"
	"time"
)

// limiter allows each user n questions in any window (a sliding log). It is per process:
// replicas each apply it, which bounds abuse without sharing state.
type limiter struct {
	n      int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[string][]time.Time
	swept time.Time
}

func newLimiter(n int, window time.Duration) *limiter {
	return &limiter{n: n, window: window, now: time.Now, users: map[string][]time.Time{}}
}

// allow records a question by user and reports whether it is within the limit; when not,
// it returns how long until the next one is allowed.
func (l *limiter) allow(user string) (bool, time.Duration) {
	if l.n < 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > l.window {
		l.sweep(now)
	}
	times := l.users[user]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.window {
		i++
	}
	times = times[i:]
	if len(times) >= l.n {
		l.users[user] = times
		return false, times[0].Add(l.window).Sub(now)
	}
	l.users[user] = append(times, now)
	return true, 0
}

// sweep forgets users with no question in the window, so the map does not grow forever.
func (l *limiter) sweep(now time.Time) {
	for u, times := range l.users {
		if len(times) == 0 || now.Sub(times[len(times)-1]) >= l.window {
			delete(l.users, u)
		}
	}
	l.swept = now
}

// waitSeconds rounds a wait up to whole seconds, at least 1, for "try again in N s".
func waitSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}
