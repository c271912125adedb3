# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test setup build bench

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
