package main

import (
	"context"
	"errors"
)

func runGaps(ctx context.Context, m *Main, args []string) error {
	return errors.New("gaps: not implemented yet")
}
