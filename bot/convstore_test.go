package bot

import (
	"testing"
	"time"
)

func TestConvStoreBoundedAndExpiring(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newConvStore(2, 10*time.Minute)
	s.now = func() time.Time { return now }
	s.put("a", conversation{Question: "qa"})
	now = now.Add(time.Minute)
	s.put("b", conversation{Question: "qb"})
	now = now.Add(time.Minute)
	s.put("c", conversation{Question: "qc"}) // full: the oldest (a) goes
	if _, ok := s.get("a"); ok || s.len() != 2 {
		t.Errorf("after a third put in a store of 2: a kept %v, %d held; want a dropped, 2 held", ok, s.len())
	}
	if c, ok := s.get("b"); !ok || c.Question != "qb" {
		t.Errorf("get(b) = %+v, %v; want qb", c, ok)
	}
	now = now.Add(10*time.Minute + time.Second)
	if _, ok := s.get("c"); ok {
		t.Errorf("a conversation older than 10 minutes continued")
	}
	s.put("d", conversation{})
	s.drop("d")
	if _, ok := s.get("d"); ok {
		t.Errorf("a dropped conversation continued")
	}
}
