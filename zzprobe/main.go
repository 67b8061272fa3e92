package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/docent-bot/docent/retrieval"
)

func main() {
	ix, err := retrieval.OpenStored(context.Background(), os.Args[1], "", retrieval.Options{})
	if err != nil {
		panic(err)
	}
	report("after open")
	for _, q := range os.Args[2:] {
		r, err := ix.Answer(context.Background(), retrieval.Query{Text: q, K: 10})
		if err != nil {
			panic(err)
		}
		fmt.Println("total hits", r.Total)
		report("after " + q)
	}
	report("after answers")
	presence("docent-forward.bin")
	presence("docent-store.bin")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("heap alloc %d MB, sys %d MB\n", ms.HeapAlloc>>20, ms.Sys>>20)
}

func report(when string) {
	f, _ := os.Open("/proc/self/smaps")
	defer f.Close()
	sc := bufio.NewScanner(f)
	cur := ""
	rss := map[string]int{}
	for sc.Scan() {
		l := sc.Text()
		fs := strings.Fields(l)
		if len(fs) >= 5 && strings.Contains(fs[0], "-") {
			cur = "[anon]"
			if len(fs) >= 6 {
				cur = fs[5]
				if i := strings.LastIndex(cur, "/"); i >= 0 && strings.HasPrefix(cur, "/tmp") {
					cur = "…" + cur[i:]
				}
			}
			continue
		}
		if fs[0] == "Rss:" {
			n, _ := strconv.Atoi(fs[1])
			rss[cur] += n
		}
	}
	type kv struct {
		k string
		v int
	}
	var all []kv
	tot := 0
	for k, v := range rss {
		all = append(all, kv{k, v})
		tot += v
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	fmt.Printf("%s: total %d MB\n", when, tot>>10)
	for _, e := range all[:min(8, len(all))] {
		fmt.Printf("  %6d KB %s\n", e.v, e.k)
	}
}
