package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/retrieval"
)

// Commands returns the application commands the bot serves. global adds the contexts
// (servers, the bot's DMs, private channels) and integration types (server and user
// install) that Discord honours on global commands only.
func (b *Bot) Commands(global bool) []*discordgo.ApplicationCommand {
	maxLen := retrieval.MaxQueryRunes
	source := func() *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "source",
			Description: "Only this document (type a title or author)", Autocomplete: true}
	}
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question; get the answer with cited passages",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question",
					Required: true, MaxLength: maxLen},
				source(),
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "public",
					Description: "Answer in the channel for everyone (default: only you see it)"},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "thread",
					Description: "Answer for everyone and open a thread on it for follow-ups"},
			}},
		{Name: "search", Description: "List the passages that match, 10 a page",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Words to look for",
					Required: true, MaxLength: maxLen},
				source(),
			}},
		{Name: "sources", Description: "List the documents in the corpus"},
		{Name: "help", Description: "How to ask, what the corpus holds, how citations read"},
	}
	if b.reindex != nil {
		perm := int64(discordgo.PermissionManageGuild)
		cmds = append(cmds, &discordgo.ApplicationCommand{Name: "reindex",
			Description: "Rebuild the search index from the corpus folder (Manage Server)", DefaultMemberPermissions: &perm})
	}
	// Message context menu commands: no description, names as members read them.
	cmds = append(cmds, &discordgo.ApplicationCommand{Name: cmdFindSources, Type: discordgo.MessageApplicationCommand})
	if b.cfg.FAQDir != "" {
		perm := int64(discordgo.PermissionManageMessages)
		cmds = append(cmds, &discordgo.ApplicationCommand{Name: cmdSaveAnswer, Type: discordgo.MessageApplicationCommand,
			DefaultMemberPermissions: &perm})
	}
	if global {
		all := []discordgo.InteractionContextType{discordgo.InteractionContextGuild,
			discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
		installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall,
			discordgo.ApplicationIntegrationUserInstall}
		guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
		guildInstall := installs[:1]
		for _, c := range cmds {
			if c.Name == "reindex" || c.Name == cmdSaveAnswer {
				c.Contexts, c.IntegrationTypes = &guildOnly, &guildInstall
				continue
			}
			c.Contexts, c.IntegrationTypes = &all, &installs
		}
	}
	return cmds
}

// RegisterCommands replaces the application's commands with Commands in one bulk
// overwrite: on Config.GuildID when set (instant), globally otherwise.
func (b *Bot) RegisterCommands(ctx context.Context, appID string) error {
	if appID == "" {
		return fmt.Errorf("register commands: application id unknown")
	}
	cmds := b.Commands(b.cfg.GuildID == "")
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := b.rest.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, cmds, opts...)
		return err
	})
	if err != nil {
		scope := "globally"
		if b.cfg.GuildID != "" {
			scope = "on guild " + b.cfg.GuildID
		}
		return fmt.Errorf("register commands %s: %w", scope, err)
	}
	return nil
}

// registerInBackground registers the commands once, retrying with backoff; a failure is
// logged and never stops the answers.
func (b *Bot) registerInBackground(ctx context.Context, appID string) {
	if !b.cfg.RegisterCommands {
		return
	}
	b.register.Do(func() {
		go func() {
			wait := time.Second
			for attempt := 1; attempt <= 6; attempt++ {
				err := b.RegisterCommands(ctx, appID)
				if err == nil {
					b.log.Info("commands registered", "guild", b.cfg.GuildID, "global", b.cfg.GuildID == "")
					return
				}
				b.obs.Error("register")
				b.log.Error("command registration failed", "attempt", attempt, "err", err)
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				wait *= 2
			}
		}()
	})
}
