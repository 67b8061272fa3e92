package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/corpus"
)

const secretToken = "s3cret-t0ken-never-printed"

func TestServeConfigProblems(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	key := hex.EncodeToString(pub)
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"no token", map[string]string{}, []string{"DISCORD_TOKEN is not set"}},
		{"blank token", map[string]string{"DISCORD_TOKEN": "Bot "}, []string{"DISCORD_TOKEN is not set"}},
		{"http without key", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_HTTP_ADDR": ":0"},
			[]string{"DISCORD_PUBLIC_KEY is not set"}},
		{"key not hex", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_HTTP_ADDR": ":0", "DISCORD_PUBLIC_KEY": "xyz"},
			[]string{"DISCORD_PUBLIC_KEY: public key is not hex"}},
		{"key too short", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_HTTP_ADDR": ":0", "DISCORD_PUBLIC_KEY": key[:10]},
			[]string{"DISCORD_PUBLIC_KEY: public key has 5 bytes"}},
		{"no gateway, no http", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_GATEWAY": "false", "DOCENT_REGISTER_COMMANDS": "false"},
			[]string{"DOCENT_GATEWAY=false needs DOCENT_HTTP_ADDR"}},
		{"http only, registering, no app id", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_GATEWAY": "false",
			"DOCENT_HTTP_ADDR": ":0", "DISCORD_PUBLIC_KEY": key}, []string{"DISCORD_APP_ID is not set"}},
		{"same addresses", map[string]string{"DISCORD_TOKEN": secretToken, "DOCENT_HTTP_ADDR": "127.0.0.1:9", "DOCENT_ADMIN_ADDR": "127.0.0.1:9",
			"DISCORD_PUBLIC_KEY": key}, []string{"DOCENT_HTTP_ADDR and DOCENT_ADMIN_ADDR are both 127.0.0.1:9"}},
		{"shard id out of range", map[string]string{"DISCORD_TOKEN": secretToken, "DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_ID": "2"},
			[]string{"DISCORD_SHARD_ID must be between 0 and 1"}},
		{"shard count bad", map[string]string{"DISCORD_TOKEN": secretToken, "DISCORD_SHARD_COUNT": "lots"},
			[]string{"DISCORD_SHARD_COUNT must be a number of shards (1 or more) or auto"}},
		{"everything at once", map[string]string{"DOCENT_GATEWAY": "false", "DISCORD_SHARD_COUNT": "0", "DOCENT_K": "0"},
			[]string{"configuration has 5 problems", "DISCORD_TOKEN is not set", "DOCENT_GATEWAY=false needs",
				"DISCORD_APP_ID is not set", "DISCORD_SHARD_COUNT must be", "DOCENT_K must be between"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runDocent(t, tt.env, "", "serve")
			if r.code != 1 {
				t.Errorf("exit %d; want 1 (stderr %q)", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			if strings.Contains(r.stdout+r.stderr, secretToken) {
				t.Error("the token was printed")
			}
		})
	}
}

func TestCheckServeShards(t *testing.T) {
	tests := []struct {
		count string
		want  int
	}{{"1", 1}, {"4", 4}, {"auto", bot.ShardsAuto}}
	for _, tt := range tests {
		probs := &configProblems{}
		sc := checkServe(Config{Token: "t", Gateway: true, ShardCount: tt.count}, probs)
		if sc.shardCount != tt.want || len(probs.errs) != 0 {
			t.Errorf("DISCORD_SHARD_COUNT=%s: shard count %d, problems %v; want %d, none", tt.count, sc.shardCount, probs.errs, tt.want)
		}
	}
}

// running is one `docent serve` started by a test.
type running struct {
	stop   context.CancelFunc
	done   chan error
	stderr *discordtest.LogBuffer
	admin  string // base URL of the admin server
	http   string // base URL of the interactions endpoint, if any
}

// startServe runs docent serve against fake with env (plus temporary index and data
// folders and ephemeral ports) until the test ends.
func startServe(t *testing.T, fake *discordtest.Server, env map[string]string) *running {
	t.Helper()
	defaults := map[string]string{"DISCORD_TOKEN": strings.TrimPrefix(fake.Token(), "Bot "),
		"DOCENT_INDEX_DIR": filepath.Join(t.TempDir(), "index"), "DOCENT_DATA_DIR": filepath.Join(t.TempDir(), "data"),
		"DOCENT_ADMIN_ADDR": "127.0.0.1:0", "DOCENT_LOG_LEVEL": "debug", "DOCENT_SHUTDOWN_TIMEOUT": "5s"}
	for k, v := range defaults {
		if _, ok := env[k]; !ok {
			env[k] = v
		}
	}
	r := &running{done: make(chan error, 1), stderr: &discordtest.LogBuffer{}}
	addrs := make(chan [2]string, 1)
	ctx, stop := context.WithCancel(context.WithValue(context.Background(), serveHooksKey{}, &serveHooks{
		discordClient: fake.Client(),
		listening:     func(admin, interactions string) { addrs <- [2]string{admin, interactions} },
	}))
	r.stop = stop
	m := &Main{Args: []string{"serve"}, Stdout: r.stderr, Stderr: r.stderr, Env: env}
	go func() {
		err := m.Run(ctx)
		if cerr := m.Close(); err == nil {
			err = cerr
		}
		r.done <- err
	}()
	t.Cleanup(func() {
		stop()
		select {
		case <-r.done:
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20 s")
		}
	})
	select {
	case a := <-addrs:
		r.admin = "http://" + a[0]
		if a[1] != "" {
			r.http = "http://" + a[1]
		}
	case err := <-r.done:
		r.done <- err
		t.Fatalf("serve ended at start: %v\n%s", err, r.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start listening in 60 s\n%s", r.stderr)
	}
	return r
}

// shutdown stops serve as SIGTERM would and returns its error.
func (r *running) shutdown(t *testing.T) error {
	t.Helper()
	r.stop()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s")
		return nil
	}
}

func waitHTTP(t *testing.T, url string, status int, contains string) string {
	t.Helper()
	var last string
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = strconv.Itoa(resp.StatusCode) + " " + string(b)
			if resp.StatusCode == status && strings.Contains(string(b), contains) {
				return string(b)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("GET %s never gave %d with %q; last: %s", url, status, contains, last)
	return ""
}

func copyBundledCorpus(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := os.CopyFS(dir, corpus.Bundled()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckServeAdminOff(t *testing.T) {
	probs := &configProblems{}
	sc := checkServe(Config{Token: "t", Gateway: true, ShardCount: "1", AdminAddr: "off", HTTPAddr: ""}, probs)
	if !sc.adminOff || len(probs.errs) != 0 {
		t.Errorf("DOCENT_ADMIN_ADDR=off: adminOff %v, problems %v; want true, none", sc.adminOff, probs.errs)
	}
}
