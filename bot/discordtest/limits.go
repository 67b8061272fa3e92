package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Discord's documented limits, checked on everything the bot sends.
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooter           = 2048
	MaxAuthor           = 256
	MaxEmbedTotal       = 6000
	MaxCustomID         = 100
	MaxButtonLabel      = 80
	MaxRows             = 5
	MaxRowButtons       = 5
	MaxChoices          = 25
	MaxChoiceName       = 100
)

func n(s string) int { return utf8.RuneCountInString(s) }

// validateMessage lists every way m breaks Discord's limits.
func validateMessage(m Message, interaction bool) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if n(m.Content) > MaxContent {
		bad("content: %d characters > %d", n(m.Content), MaxContent)
	}
	if len(m.Embeds) > MaxEmbeds {
		bad("embeds: %d > %d", len(m.Embeds), MaxEmbeds)
	}
	total := 0
	for i, e := range m.Embeds {
		if n(e.Title) > MaxEmbedTitle {
			bad("embeds[%d].title: %d > %d", i, n(e.Title), MaxEmbedTitle)
		}
		if n(e.Description) > MaxEmbedDescription {
			bad("embeds[%d].description: %d > %d", i, n(e.Description), MaxEmbedDescription)
		}
		if len(e.Fields) > MaxEmbedFields {
			bad("embeds[%d].fields: %d > %d", i, len(e.Fields), MaxEmbedFields)
		}
		total += n(e.Title) + n(e.Description)
		for j, f := range e.Fields {
			if f.Name == "" || n(f.Name) > MaxFieldName {
				bad("embeds[%d].fields[%d].name: %d characters", i, j, n(f.Name))
			}
			if f.Value == "" || n(f.Value) > MaxFieldValue {
				bad("embeds[%d].fields[%d].value: %d characters", i, j, n(f.Value))
			}
			total += n(f.Name) + n(f.Value)
		}
		if e.Footer != nil {
			if n(e.Footer.Text) > MaxFooter {
				bad("embeds[%d].footer: %d > %d", i, n(e.Footer.Text), MaxFooter)
			}
			total += n(e.Footer.Text)
		}
		if e.Author != nil {
			if n(e.Author.Name) > MaxAuthor {
				bad("embeds[%d].author: %d > %d", i, n(e.Author.Name), MaxAuthor)
			}
			total += n(e.Author.Name)
		}
	}
	if total > MaxEmbedTotal {
		bad("embeds: %d characters in total > %d", total, MaxEmbedTotal)
	}
	if len(m.Components) > MaxRows {
		bad("components: %d rows > %d", len(m.Components), MaxRows)
	}
	for i, r := range m.Components {
		if r.Type != 1 {
			bad("components[%d]: type %d is not an action row", i, r.Type)
		}
		if len(r.Components) == 0 || len(r.Components) > MaxRowButtons {
			bad("components[%d]: %d buttons", i, len(r.Components))
		}
		for j, c := range r.Components {
			if c.Type != 2 {
				continue
			}
			if c.Style == 5 {
				if c.URL == "" || c.CustomID != "" {
					bad("components[%d][%d]: link button needs a url and no custom_id", i, j)
				}
			} else if c.CustomID == "" || len(c.CustomID) > MaxCustomID {
				bad("components[%d][%d].custom_id: %d characters", i, j, len(c.CustomID))
			}
			if n(c.Label) > MaxButtonLabel {
				bad("components[%d][%d].label: %d > %d", i, j, n(c.Label), MaxButtonLabel)
			}
			if c.Label == "" && c.Emoji == nil {
				bad("components[%d][%d]: a button needs a label or an emoji", i, j)
			}
		}
	}
	return p
}

func validateChoices(cs []Choice) []string {
	var p []string
	if len(cs) > MaxChoices {
		p = append(p, fmt.Sprintf("%d choices > %d", len(cs), MaxChoices))
	}
	for i, c := range cs {
		if c.Name == "" || n(c.Name) > MaxChoiceName {
			p = append(p, fmt.Sprintf("choices[%d].name: %d characters", i, n(c.Name)))
		}
		if s, ok := c.Value.(string); ok && n(s) > MaxChoiceName {
			p = append(p, fmt.Sprintf("choices[%d].value: %d characters", i, n(s)))
		}
	}
	return p
}

var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

type command struct {
	Name             string          `json:"name"`
	Description      string          `json:"description"`
	Type             int             `json:"type"`
	Options          []commandOption `json:"options"`
	Contexts         []int           `json:"contexts"`
	IntegrationTypes []int           `json:"integration_types"`
}

type commandOption struct {
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	Type         int             `json:"type"`
	Required     bool            `json:"required"`
	Autocomplete bool            `json:"autocomplete"`
	Choices      []Choice        `json:"choices"`
	Options      []commandOption `json:"options"`
	MaxLength    *int            `json:"max_length"`
}

func validateCommand(raw json.RawMessage, guild bool) []string {
	var c command
	if err := json.Unmarshal(raw, &c); err != nil {
		return []string{"invalid json: " + err.Error()}
	}
	var p []string
	if c.Type >= 2 { // user and message context menus: any 1–32 characters
		if n(c.Name) < 1 || n(c.Name) > 32 {
			p = append(p, fmt.Sprintf("name %q", c.Name))
		}
		if c.Description != "" || len(c.Options) > 0 {
			p = append(p, fmt.Sprintf("%s: a context menu command takes no description or options", c.Name))
		}
	} else if !commandName.MatchString(c.Name) {
		p = append(p, fmt.Sprintf("name %q", c.Name))
	}
	if c.Type <= 1 && (c.Description == "" || n(c.Description) > 100) {
		p = append(p, fmt.Sprintf("%s: description of %d characters", c.Name, n(c.Description)))
	}
	if len(c.Options) > 25 {
		p = append(p, fmt.Sprintf("%s: %d options", c.Name, len(c.Options)))
	}
	required := true
	for _, o := range c.Options {
		if !commandName.MatchString(o.Name) || o.Description == "" || n(o.Description) > 100 {
			p = append(p, fmt.Sprintf("%s: option %q", c.Name, o.Name))
		}
		if o.Required && !required {
			p = append(p, fmt.Sprintf("%s: required option %q after an optional one", c.Name, o.Name))
		}
		required = required && o.Required
		if len(o.Choices) > 0 && o.Autocomplete {
			p = append(p, fmt.Sprintf("%s: option %q has choices and autocomplete", c.Name, o.Name))
		}
		p = append(p, validateChoices(o.Choices)...)
	}
	for _, x := range c.Contexts {
		if x < 0 || x > 2 {
			p = append(p, fmt.Sprintf("%s: context %d", c.Name, x))
		}
	}
	for _, x := range c.IntegrationTypes {
		if x < 0 || x > 1 {
			p = append(p, fmt.Sprintf("%s: integration type %d", c.Name, x))
		}
	}
	return p
}

// CheckMessage decodes a message body (content, embeds, components) and lists every way
// it breaks Discord's limits; unit tests of rendering use it without a server.
func CheckMessage(body []byte) []string {
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return []string{"invalid json: " + err.Error()}
	}
	return validateMessage(m, true)
}
