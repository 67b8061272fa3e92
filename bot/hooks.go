package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// hooks sends what answers an interaction — the callback, edits of the original
// response, follow-ups — with its own rate limiting, using discordgo's types and endpoints
// and the bot's http.Client (so proxies and test transports apply).
//
// discordgo v0.29 is not used for these calls because its REST layer files every edit of
// every interaction under one rate-limit bucket ("webhooks//") and holds that bucket's
// lock for the whole round trip: answers went out one at a time (10 answers with a 100 ms
// round trip took a second), and one member's 429 set the shared bucket's reset and held
// back everyone's answers. Here each interaction token is its own bucket (restLimits).
type hooks struct {
	client    *http.Client
	token     string // "Bot ..."; Discord ignores it on these routes, discordgo sends it too
	userAgent string
	limits    *restLimits
}

func newHooks(client *http.Client, token, userAgent string) *hooks {
	return &hooks{client: client, token: token, userAgent: userAgent, limits: newRESTLimits()}
}

// Routes, as restLimits names buckets: the interaction token is the major parameter.
const (
	routeCallback = "POST /interactions/{id}/{token}/callback"
	routeEdit     = "PATCH /webhooks/{app}/{token}/messages/{message}"
	routeFollowup = "POST /webhooks/{app}/{token}"
)

// respond sends the interaction's first response.
func (h *hooks) respond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	_, err := h.do(ctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), routeCallback, i.Token, resp, files)
	return err
}

// edit replaces the original response.
func (h *hooks) edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	out, err := h.do(ctx, "PATCH", discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), routeEdit, i.Token, e, e.Files)
	if err != nil {
		return nil, err
	}
	return decodeMessage(out)
}

// followup sends another message on the interaction and waits for it to exist.
func (h *hooks) followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	out, err := h.do(ctx, "POST", discordgo.EndpointWebhookToken(i.AppID, i.Token)+"?wait=true", routeFollowup, i.Token, p, p.Files)
	if err != nil {
		return nil, err
	}
	return decodeMessage(out)
}

func decodeMessage(b []byte) (*discordgo.Message, error) {
	var m discordgo.Message
	if err := discordgo.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode message: %w", err)
	}
	return &m, nil
}

// do makes one request once its bucket allows. Failures are discordgo's error types, so
// that callers treat both clients alike: *discordgo.RateLimitError for a 429,
// *discordgo.RESTError for another status, the transport's *url.Error otherwise.
func (h *hooks) do(ctx context.Context, method, url, route, major string, data any, files []*discordgo.File) ([]byte, error) {
	contentType, body := "application/json", []byte(nil)
	var err error
	if len(files) > 0 {
		contentType, body, err = discordgo.MultipartBodyWithJSON(data, files)
	} else {
		body, err = discordgo.Marshal(data)
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", route, err)
	}
	if err := h.limits.wait(ctx, route, major); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", route, err)
	}
	req.Header.Set("Authorization", h.token)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", h.userAgent)
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("read answer of %s: %w", route, err)
	}
	var tm discordgo.TooManyRequests
	global := false
	if resp.StatusCode == http.StatusTooManyRequests {
		tm, global = parse429(resp.Header, out)
	}
	h.limits.update(route, major, resp.StatusCode, resp.Header, tm.RetryAfter, global)
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return out, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &tm, URL: url}}
	}
	restErr := &discordgo.RESTError{Request: req, Response: resp, ResponseBody: out}
	var msg discordgo.APIErrorMessage
	if json.Unmarshal(out, &msg) == nil {
		restErr.Message = &msg
	}
	return nil, restErr
}

// parse429 reads a 429's wait from its JSON body (retry_after, seconds), or the
// Retry-After header when the body has none, and whether the limit is global.
func parse429(h http.Header, body []byte) (discordgo.TooManyRequests, bool) {
	var tm discordgo.TooManyRequests
	var g struct {
		Global bool `json:"global"`
	}
	if discordgo.Unmarshal(body, &tm) != nil || tm.RetryAfter <= 0 {
		if s, err := strconv.ParseFloat(h.Get("Retry-After"), 64); err == nil {
			tm.RetryAfter = time.Duration(s * float64(time.Second))
		}
	}
	json.Unmarshal(body, &g)
	return tm, g.Global || h.Get("X-RateLimit-Global") == "true"
}
