//go:build race

package bot_test

// raceEnabled: the race detector slows the bot and the fake several times over.
const raceEnabled = true
