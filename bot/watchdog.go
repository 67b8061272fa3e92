package bot

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/bwmarrin/discordgo"
)

// zombieAfter is how many heartbeat intervals may pass without an ACK before the
// connection counts as dead. discordgo alone waits 5 (over 3 minutes at Discord's 41.25 s),
// and interactions sent meanwhile go nowhere; Discord's own advice is to give up when a
// heartbeat is due and the previous one was not acknowledged, about one interval.
// 1.5 leaves half an interval for a slow ACK.
const zombieAfter = 1.5

// closeResume is the close code the bot sends when it drops a dead connection itself.
// Discord ends the session on 1000 and 1001 (discordgo's Close sends 1000); any other code
// keeps it resumable, so what was dispatched meanwhile is replayed after the RESUME.
const closeResume = 4000

// watch waits while the shard is connected: it returns true when the connection dropped
// (reconnect) and false when ctx ended. Meanwhile it checks the heartbeat ACKs and
// closes a silent connection so that the shard resumes.
func (b *Bot) watch(ctx context.Context, s *discordgo.Session, sh *shard) bool {
	c := sh.current()
	var tick <-chan time.Time
	if c != nil && c.heartbeatInterval() > 0 && !b.noWatchdog {
		t := time.NewTicker(c.heartbeatInterval() / 8)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return false
		case <-sh.drops:
			return true
		case now := <-tick:
			interval := c.heartbeatInterval()
			silent := c.silence(now)
			if silent <= time.Duration(zombieAfter*float64(interval)) {
				continue
			}
			tick = nil
			b.obs.Error("gateway")
			b.log.Warn("no heartbeat ACK from discord; dropping the connection to resume",
				"shard", sh.id, "silent", silent.Round(time.Millisecond), "interval", interval)
			c.abandon(time.Second)
			// Sends the close frame, waits about a second (discordgo), closes and emits
			// Disconnect, which lands in sh.drops.
			s.CloseWithCode(closeResume)
		}
	}
}

// invalidSessionWait is the pause before identifying again after op 9: Discord asks for a
// random 1–5 s, so that clients it turned away do not all come back at once.
func invalidSessionWait() time.Duration {
	return time.Second + rand.N(4*time.Second)
}

func drain(ch chan struct{}) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}
