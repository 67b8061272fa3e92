// Package bot is docent's Discord front end: it turns slash commands, buttons, direct
// messages and mentions into retrieval queries and renders the results as Discord
// messages within Discord's limits.
package bot
