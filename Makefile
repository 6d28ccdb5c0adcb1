# The two commands a newcomer needs: `make run` and `make test`.
GO ?= go

.PHONY: run test lint bench build fuzz

run: ## run Beacon on the embedded SQLite store with demo content
	$(GO) run ./cmd/beacon serve --demo

test: ## vet, staticcheck and every test with the race detector (starts Redis if needed)
	./scripts/test.sh

lint: ## gofmt, go vet, staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench: ## load benchmarks against a same-run Fiber floor; results in bench-results/
	./scripts/bench.sh

fuzz: ## run each identifier fuzzer briefly: FUZZTIME executions each (a count, not a duration: a time limit can end a busy worker and fail the run)
	@for f in FuzzPhone FuzzURL FuzzEmail FuzzBank FuzzWallet FuzzFastPhone; do \
	  echo "$$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-40000x} ./internal/lookup/ident/ || exit 1; \
	done
	@for f in FuzzDecodeListing FuzzDecodeImportLine; do \
	  echo "$$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-40000x} ./internal/lookup/ || exit 1; \
	done

build:
	CGO_ENABLED=0 $(GO) build -o bin/beacon ./cmd/beacon
