package main

import (
	"context"
	"errors"
)

func runExtract(ctx context.Context, m *Main, args []string) error {
	return errors.New("extract: not implemented yet")
}
