package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/feedback"
)

func TestE2EServeGateway(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	corpusDir := copyBundledCorpus(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	r := startServe(t, fake, map[string]string{"DOCENT_CORPUS_DIR": corpusDir, "DOCENT_DATA_DIR": dataDir,
		"DISCORD_GUILD_ID": "g1"})

	waitHTTP(t, r.admin+"/healthz", 200, "ok")
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	fake.Wait(t, 10*time.Second, "commands registered on the guild", func() bool { return len(fake.Commands("g1")) > 0 })

	// A question over the gateway is answered, and counted.
	who := discordtest.Invoke{GuildID: "g1", UserID: "u1"}
	id := fake.Command(who, "ask", discordtest.Option{Name: "question", Type: 3, Value: "What did Azerbaijan do in Afghanistan?"})
	fake.Wait(t, 10*time.Second, "the answer", func() bool {
		in, ok := fake.Interaction(id)
		m, _ := fake.Message(in.Original)
		return ok && in.Edits > 0 && strings.Contains(m.Text(), "¶")
	})
	// A DM starts a conversation, which the data folder keeps across the restart.
	fake.MessageCreate(discordtest.Invoke{ChannelID: "dm1", UserID: "u1"}, "What happened to Azerbaijan's embassy in Tehran?", false)
	fake.Wait(t, 10*time.Second, "the DM answer", func() bool { return len(fake.ChannelMessages("dm1")) > 0 })
	// A question nothing answers lands in docent gaps.
	fake.Command(who, "ask", discordtest.Option{Name: "question", Type: 3, Value: "What is the recipe for sourdough bread with rye flour?"})
	fake.Wait(t, 10*time.Second, "the no-answer to be recorded", func() bool {
		es, _ := feedback.ReadFile(filepath.Join(dataDir, feedback.FileName), feedback.NoAnswer)
		return len(es) == 1
	})
	for _, want := range []string{`docent_questions_total{outcome="answered",surface="slash"} 1`,
		`docent_questions_total{outcome="no_answer",surface="slash"} 1`, `docent_no_answers_total{surface="slash"} 1`,
		"docent_index_documents 5", "docent_ready 1", `docent_feedback_total{kind="no_answer"} 1`, `docent_answer_duration_seconds_count{surface="slash"} 2`} {
		waitHTTP(t, r.admin+"/metrics", 200, want)
	}

	// A new file in the corpus folder is picked up while serving.
	text := "The Zorblax Canal\n\nNotes on the canals of the northern marsh\n\nA. Writer\n\n" +
		"The zorblax canal was dug by hand in the winter of 1911 to drain the marsh north of the town. " +
		"Some four hundred labourers worked on it for two seasons, and the spoil was used to raise the river road.\n\n" +
		"When the canal opened, barges carried peat and timber to the harbour in half the time the road had taken. " +
		"The town council levied a toll on every barge to pay for the locks, which angered the peat cutters.\n\n" +
		"By the 1950s the railway had taken most of the traffic, and the zorblax canal silted up within a decade. " +
		"A local society restored the lower locks in 1988, and pleasure boats use that stretch every summer.\n"
	if err := os.WriteFile(filepath.Join(corpusDir, "canal.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	waitHTTP(t, r.admin+"/metrics", 200, "docent_index_documents 6")
	waitHTTP(t, r.admin+"/metrics", 200, "docent_index_last_reload_success 1")

	// /reindex (Manage Server) rebuilds through the live index.
	admin := discordtest.Invoke{GuildID: "g1", UserID: "u2", Permissions: "32"}
	rid := fake.Command(admin, "reindex")
	fake.Wait(t, 30*time.Second, "the reindex to finish", func() bool {
		in, _ := fake.Interaction(rid)
		m, _ := fake.Message(in.Original)
		return strings.Contains(m.Text(), "rebuilt")
	})
	waitHTTP(t, r.admin+"/metrics", 200, "docent_index_reloads_total 2")

	if err := r.shutdown(t); err != nil {
		t.Errorf("serve after SIGTERM = %v; want nil (exit 0)", err)
	}
	if strings.Contains(r.stderr.String(), strings.TrimPrefix(fake.Token(), "Bot ")) {
		t.Error("the token appears in the log")
	}
	if !strings.Contains(r.stderr.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", r.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dataDir, "conversations.json")); err != nil || !strings.Contains(string(b), `"dm1"`) {
		t.Errorf("the DM conversation was not saved in the data folder at shutdown: %v %s", err, b)
	}
	// The gaps command reads what serve recorded.
	g := runDocent(t, map[string]string{"DOCENT_DATA_DIR": dataDir}, "", "gaps")
	if !strings.Contains(g.stdout, "sourdough") {
		t.Errorf("docent gaps after serving:\n%s", g.stdout)
	}
}

func TestE2EServeBadToken(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	fake.RefuseNext(0, 4004)
	r := startServe(t, fake, map[string]string{})
	select {
	case err := <-r.done:
		r.done <- err
		var stderr bytes.Buffer
		code := exitCode(&stderr, err)
		if code != 1 || !strings.Contains(stderr.String(), "close code 4004") || !strings.Contains(stderr.String(), "DISCORD_TOKEN") {
			t.Errorf("serve with a rejected token: exit %d, %q; want 1 and a message naming DISCORD_TOKEN", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve kept running after close code 4004")
	}
}

// signedPost sends body to the interactions endpoint as Discord would.
func signedPost(t *testing.T, url string, priv ed25519.PrivateKey, body string) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(priv, []byte(ts+body))
	req, _ := http.NewRequest(http.MethodPost, url+"/interactions", strings.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestE2EServeHTTPOnly(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	// The first registration fails: it is retried and never stops the answers.
	fake.FailNext("PUT", "/applications/", 500, `{"message":"oops","code":0}`)
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	r := startServe(t, fake, map[string]string{"DOCENT_GATEWAY": "false", "DOCENT_HTTP_ADDR": "127.0.0.1:0",
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_APP_ID": fake.AppID()})

	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	if code, body := signedPost(t, r.http, priv, `{"id":"1","application_id":"200","type":1}`); code != 200 || body != `{"type":1}` {
		t.Errorf("PING = %d %s; want 200 {\"type\":1}", code, body)
	}
	_, wrong, _ := ed25519.GenerateKey(rand.Reader)
	if code, _ := signedPost(t, r.http, wrong, `{"type":1}`); code != 401 {
		t.Errorf("PING signed with another key = %d; want 401", code)
	}
	// /help is answered inline, from the HTTP reply alone.
	id, body := fake.HTTPCommand(discordtest.Invoke{GuildID: "g1"}, "help")
	code, reply := signedPost(t, r.http, priv, string(body))
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Embeds []struct{ Description string } `json:"embeds"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(reply), &resp)
	if code != 200 || resp.Type != 4 || len(resp.Data.Embeds) == 0 {
		t.Errorf("/help over HTTP = %d %s; want an inline message", code, reply)
	}
	if status, b := fake.InlineResponse(id, []byte(reply)); status != 204 {
		t.Errorf("fake Discord refused the /help reply: %d %s", status, b)
	}
	fake.Wait(t, 10*time.Second, "commands registered after a failed first try", func() bool {
		return len(fake.Commands("global")) > 0
	})
	if !strings.Contains(r.stderr.String(), "command registration failed; retrying") {
		t.Error("the failed registration was not logged")
	}
	if err := r.shutdown(t); err != nil {
		t.Errorf("serve after SIGTERM = %v; want nil", err)
	}
}

func TestE2EServeAutoShards(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{Shards: 2})
	r := startServe(t, fake, map[string]string{"DISCORD_SHARD_COUNT": "auto", "DOCENT_REGISTER_COMMANDS": "false"})
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	if !fake.Connected(0) || !fake.Connected(1) {
		t.Errorf("DISCORD_SHARD_COUNT=auto with 2 recommended: shard 0 connected %v, shard 1 %v; want both",
			fake.Connected(0), fake.Connected(1))
	}
	// One shard dropping makes the process not ready until it reconnects (the first
	// attempt is refused too, so that the outage lasts long enough to be seen).
	fake.RefuseNext(1, 4000)
	fake.CloseGateway(1, 4000)
	waitHTTP(t, r.admin+"/readyz", 503, "discord gateway")
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	if n := len(fake.Commands("global")); n != 0 {
		t.Errorf("DOCENT_REGISTER_COMMANDS=false, yet %d commands were registered", n)
	}
	if err := r.shutdown(t); err != nil {
		t.Errorf("serve after SIGTERM = %v; want nil", err)
	}
}

func TestE2EServeUnwritableCache(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	// A cache "folder" that is a file cannot be written, even by root.
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := startServe(t, fake, map[string]string{"DOCENT_INDEX_DIR": "", "XDG_CACHE_HOME": notDir,
		"DOCENT_REGISTER_COMMANDS": "false"})
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	waitHTTP(t, r.admin+"/metrics", 200, "docent_index_documents 5")
	if !strings.Contains(r.stderr.String(), "keeping it in memory") {
		t.Errorf("no warning about the in-memory index in the log:\n%s", r.stderr)
	}
	if err := r.shutdown(t); err != nil {
		t.Errorf("serve after SIGTERM = %v; want nil", err)
	}
}
