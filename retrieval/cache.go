package retrieval

import "sync"

// analysed is what re-ranking needs of one passage: its analysed text and the terms of
// its heading, title and authors.
type analysed struct {
	toks  []token
	extra map[string]bool
}

// tokenCache keeps the analyses of recently ranked passages, so a passage that keeps
// coming up is analysed once. It holds at most max entries and evicts an arbitrary one
// when full: cheap, and good enough when a small share of passages answers most
// questions.
type tokenCache struct {
	mu  sync.Mutex
	m   map[int]*analysed
	max int
}

const tokenCacheSize = 4096

func newTokenCache(max int) *tokenCache {
	return &tokenCache{m: make(map[int]*analysed), max: max}
}

func (c *tokenCache) get(i int) (*analysed, bool) {
	c.mu.Lock()
	a, ok := c.m[i]
	c.mu.Unlock()
	return a, ok
}

func (c *tokenCache) put(i int, a *analysed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[i] = a
}

// analysis returns the analysis of passage i, from the cache when it is there.
func (ix *Index) analysis(i int) *analysed {
	if a, ok := ix.cache.get(i); ok {
		return a
	}
	a := &analysed{toks: analyze(ix.passages[i].Text), extra: ix.extraTerms(i)}
	ix.cache.put(i, a)
	return a
}
