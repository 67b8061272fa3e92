package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// readyCheck is one condition of readiness: the index is open, Discord is connected...
type readyCheck struct {
	name string
	ok   func() bool
}

// readiness is what /readyz reports: every check passes and serve is not draining.
type readiness struct {
	checks   []readyCheck
	draining atomic.Bool // set at shutdown so load balancers stop sending work
}

// ready reports whether every check passes, and the names of those that fail.
func (r *readiness) ready() (bool, []string) {
	var failing []string
	if r.draining.Load() {
		failing = append(failing, "shutting down")
	}
	for _, c := range r.checks {
		if !c.ok() {
			failing = append(failing, c.name)
		}
	}
	return len(failing) == 0, failing
}

// adminHandler serves /healthz (the process is alive), /readyz (ready to answer) and,
// when metrics is set, /metrics.
func adminHandler(r *readiness, metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ok, failing := r.ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready: "+strings.Join(failing, ", "))
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		http.Error(w, "not found: try /healthz, /readyz or /metrics", http.StatusNotFound)
	})
	return mux
}

// httpServer is a listening server that serve shuts down at the end.
type httpServer struct {
	name string
	srv  *http.Server
	ln   net.Listener
	done chan error
}

// startHTTP listens on addr at once (so that a taken port fails serve at start) and
// serves h in the background.
func startHTTP(name, addr string, h http.Handler, log *slog.Logger) (*httpServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for %s on %s: %w", name, addr, err)
	}
	s := &httpServer{
		name: name,
		ln:   ln,
		done: make(chan error, 1),
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    16 << 10,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
	}
	log.Info("listening", "server", name, "addr", ln.Addr().String())
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// Addr is the address the server listens on (with the port chosen, for ":0").
func (s *httpServer) Addr() string { return s.ln.Addr().String() }

// shutdown stops accepting connections and waits, until ctx is done, for the requests
// being served.
func (s *httpServer) shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		s.srv.Close()
		err = fmt.Errorf("shut down %s server: %w", s.name, err)
	}
	if serr := <-s.done; serr != nil && err == nil {
		err = fmt.Errorf("%s server: %w", s.name, serr)
	}
	return err
}
