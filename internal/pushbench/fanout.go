package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store"
)

func fanout(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("fanout", flag.ContinueOnError)
	sf := addStoreFlags(fs)
	serviceURL := fs.String("service", "http://127.0.0.1:18097", "the push service, for its count")
	keysFile := fs.String("keys", "", "VAPID key pair as JSON {public, private}")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the fan-out here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := readKeys(*keysFile)
	if err != nil {
		return err
	}
	total, err := st.CountSubscriptions(ctx)
	if err != nil {
		return err
	}
	sample, err := readSubscriptions(*sf.subs, 20000)
	if err != nil {
		return err
	}
	job, err := benchJob()
	if err != nil {
		return err
	}
	encCPU := cpuTime()
	encRate := encryptionRate(sample, job.Payload("th"))
	encCPUPer := (cpuTime() - encCPU) / time.Duration(len(sample))
	sample = nil

	signer, err := push.NewSigner(keys, "mailto:bench@beacon.example", nil)
	if err != nil {
		return err
	}
	policy := &push.EndpointPolicy{AllowLocal: true}
	metrics := push.NewMetrics(prometheus.NewRegistry(), nil)
	sender := push.NewSender(signer, push.SenderConfig{Transport: push.NewTransport(policy, 0), Metrics: metrics})
	engine := push.NewEngine(st, sender, push.EngineConfig{Metrics: metrics, Poll: 10 * time.Millisecond})
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() { engine.Run(runCtx); close(done) }()

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	_, _, svcCPU0, err := serviceCount(*serviceURL)
	if err != nil {
		return err
	}
	start, startCPU := time.Now(), cpuTime()
	if err := engine.Enqueue(ctx, job); err != nil {
		return err
	}
	for {
		n, err := st.PendingTasks(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	took, cpuPer := time.Since(start), (cpuTime()-startCPU)/time.Duration(max(total, 1))
	stop()
	<-done
	got, decrypted, svcCPU, err := serviceCount(*serviceURL)
	if err != nil {
		return err
	}
	svcPer := (svcCPU - svcCPU0) / time.Duration(max(total, 1))
	rate := float64(total) / took.Seconds()
	fmt.Printf("Fan-out of one alert to %d subscriptions: %.1f s, %.0f notifications/s; encryption alone %.0f/s on %d cores; ratio %.2f (target >= 0.8); peak RSS %d MB (target <= 250); push service received %d, %d sampled payloads decrypted to the Thai JSON\n",
		total, took.Seconds(), rate, encRate, runtime.GOMAXPROCS(0), rate/encRate, peakRSSMB(), got, decrypted)
	fmt.Printf("CPU per notification: %v in this process sending, %v encrypting alone (%.2f of the send is encryption); %v in the push service, on the same cores\n",
		cpuPer.Round(time.Microsecond), encCPUPer.Round(time.Microsecond), float64(encCPUPer)/float64(cpuPer), svcPer.Round(time.Microsecond))
	if got != total || metrics.Sent() != float64(total) {
		return fmt.Errorf("the push service received %d of %d (sent %v)", got, total, metrics.Sent())
	}
	return nil
}

// load stores the subscriptions written by service, in a process of its
// own so that the fan-out's peak RSS is the engine's alone.
func load(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	sf := addStoreFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	subs, err := readSubscriptions(*sf.subs, -1)
	if err != nil {
		return err
	}
	return saveAll(ctx, st, subs)
}

// readSubscriptions reads up to n subscriptions (all when n < 0).
func readSubscriptions(path string, n int) ([]push.Subscription, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var subs []push.Subscription
	sc := bufio.NewScanner(f)
	for sc.Scan() && (n < 0 || len(subs) < n) {
		var s push.Subscription
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, err
		}
		subs = append(subs, s)
	}
	return subs, sc.Err()
}

// saveAll stores the subscriptions, 8 writers at a time.
func saveAll(ctx context.Context, st store.Backend, subs []push.Subscription) error {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(subs); i += 8 {
				if _, err := st.SaveSubscription(ctx, subs[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// encryptionRate encrypts one message for each subscription on every core
// and returns messages per second: the cost a send cannot avoid.
func encryptionRate(subs []push.Subscription, payload []byte) float64 {
	rcpts := make([]*push.Recipient, len(subs))
	for i, s := range subs {
		rcpts[i], _ = push.NewRecipient(s.P256dh, s.Auth)
	}
	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(rcpts); i += workers {
				if _, err := push.Encrypt(rcpts[i], payload); err != nil {
					panic(err)
				}
			}
		})
	}
	wg.Wait()
	return float64(len(rcpts)) / time.Since(start).Seconds()
}

// benchJob is a critical alert in 16 languages, as the demo would send.
func benchJob() (*push.Job, error) {
	exp := time.Now().Add(30 * 24 * time.Hour)
	a := &alerts.Alert{ID: "01BENCH", Slug: "bench-fake-courier", Version: 1, Content: alerts.Content{
		Severity: "critical", Regions: []string{"global"}, Typologies: []string{"official-impersonation"}, ExpiresAt: &exp,
		Translations: map[string]alerts.Translation{}}}
	for _, lang := range []string{"en", "th", "zh-hans", "ar", "vi", "km", "my", "ru"} {
		a.Translations[lang] = alerts.Translation{Title: "[BENCH] Fake police officers on video calls " + lang,
			Summary: strings.Repeat("They show a badge and a warrant and ask you to move your savings. ", 3), Body: "x"}
	}
	return push.AlertJob(a, push.KindAlert, "https://beacon.example", push.Texts{}, time.Now())
}

// serviceCount asks the push service what arrived and its CPU time so far.
func serviceCount(url string) (got, decrypted int, cpu time.Duration, err error) {
	res, err := http.Get(url + "/count")
	if err != nil {
		return 0, 0, 0, err
	}
	defer res.Body.Close()
	_, err = fmt.Fscan(res.Body, &got, &decrypted, &cpu)
	return got, decrypted, cpu, err
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMB reads VmHWM, the resident set's high-water mark.
func peakRSSMB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb / 1024
		}
	}
	return -1
}
