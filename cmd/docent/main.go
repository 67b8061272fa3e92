// Command docent answers questions about a folder of documents, on the terminal or as a Discord bot.
package main

func main() {}
