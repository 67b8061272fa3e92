package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// engine is PDFium compiled to WebAssembly and run by wazero, started on first use: a
// corpus without PDFs never pays for it (compiling the module takes seconds, about 0.2 s
// from wazero's compilation cache, and holds tens of MB).
type engine struct {
	opts Options

	once sync.Once
	pool pdfium.Pool
	err  error
	// slots bounds the instances in use; each is one PDFium with its own memory
	slots chan struct{}
}

func newEngine(opts Options) *engine {
	return &engine{opts: opts, slots: make(chan struct{}, opts.Workers)}
}

func (e *engine) start() error {
	e.once.Do(func() {
		t0 := time.Now()
		rc := wazero.NewRuntimeConfig().
			// the bundled PDFium lowers setjmp/longjmp to exception handling
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(uint32(e.opts.MemoryLimit >> 16))
		// Not WithCloseOnContextDone: its checks on every loop and call make PDFium 3 times
		// slower (measured: 28 vs 11.5 ms of CPU per page). Time is bounded between calls
		// instead, where each call is one page's work.
		if dir := e.opts.CacheDir; dir != "" {
			cache, err := wazero.NewCompilationCacheWithDir(dir)
			if err != nil {
				e.opts.Logger.Warn("pdf: no compilation cache; PDFium is compiled afresh", "dir", dir, "err", err)
			} else {
				rc = rc.WithCompilationCache(cache)
			}
		}
		e.pool, e.err = webassembly.Init(webassembly.Config{
			// a fresh instance per file: its memory goes with it, so the largest PDF read does not
			// set the memory held from then on
			MinIdle: 0, MaxIdle: 0, MaxTotal: e.opts.Workers, ReuseWorkers: false,
			RuntimeConfig: rc,
			// PDFium reads only the bytes it is given: no file system, no console
			FSConfig: wazero.NewFSConfig(), Stdout: io.Discard, Stderr: io.Discard,
		})
		if e.err != nil {
			e.err = fmt.Errorf("start pdfium: %w", e.err)
			return
		}
		e.opts.Logger.Debug("pdf: PDFium started", "elapsed", time.Since(t0), "cache", e.opts.CacheDir)
	})
	return e.err
}

// instance borrows a PDFium instance, starting the engine if needed. release returns it;
// release(true) throws it away instead (after a timeout its state is unknown).
func (e *engine) instance(ctx context.Context) (inst pdfium.Pdfium, release func(discard bool), err error) {
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	if err := e.start(); err != nil {
		<-e.slots
		return nil, nil, err
	}
	return e.take(ctx)
}

// spareInstance is instance for a helper: it borrows one only if a slot is free at once
// (the engine is started), and reports false otherwise.
func (e *engine) spareInstance(ctx context.Context) (inst pdfium.Pdfium, release func(discard bool), ok bool) {
	select {
	case e.slots <- struct{}{}:
	default:
		return nil, nil, false
	}
	inst, release, err := e.take(ctx)
	return inst, release, err == nil
}

// take gets an instance for a slot already held.
func (e *engine) take(ctx context.Context) (pdfium.Pdfium, func(discard bool), error) {
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		<-e.slots
		return nil, nil, fmt.Errorf("get pdfium instance: %w", err)
	}
	return inst, func(discard bool) {
		if discard {
			_ = inst.Kill()
		} else {
			_ = inst.Close()
		}
		<-e.slots
	}, nil
}

func (e *engine) close() error {
	var err error
	if e.pool != nil {
		err = e.pool.Close()
	}
	return err
}

// defaultCacheDir is where compiled PDFium is kept between runs: the user's cache folder.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "docent", "wazero")
}

var errClosed = errors.New("pdf reader is closed")

// quiet is the logger used when none is given.
var quiet = slog.New(slog.DiscardHandler)
