# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test setup build bench nodes

run:
	@scripts/run.sh

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
