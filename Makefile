# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test setup build bench nodes workshop

run:
	@scripts/run.sh

# One authlab for a room: https on every interface (port 3443), the URL as a QR code.
workshop:
	@scripts/run.sh --workshop

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh --test

build:
	@scripts/build.sh

bench:
	@scripts/bench.sh

# Two nodes behind node a's front door; STORE=memory|sqlite|redis (default memory).
nodes:
	@scripts/nodes.sh $(STORE)
