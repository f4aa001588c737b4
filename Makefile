# The two commands of the README: `make demo` (the main job) and `make test` (every
# test, what CI runs). Both set up everything they need first (scripts/setup.sh).
.PHONY: setup demo test lint fuzz-smoke pytest wheels

VENV := .venv/bin

setup:
	./scripts/setup.sh

demo: setup
	$(VENV)/python -m httplib_rs demo

lint: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features python -- -D warnings
	$(VENV)/ruff check python tests bench
	$(VENV)/mypy --strict python/httplib_rs tests/typing/api_usage.py
	$(VENV)/python -m mypy.stubtest httplib_rs

test: setup lint
	cargo test
	./scripts/valgrind_core.sh
	./scripts/wheels.sh
	./scripts/test_wheels.sh
	./scripts/test_debug.sh
	$(MAKE) fuzz-smoke

# The quick loop while developing: the suite against the editable release build.
pytest: setup
	$(VENV)/python -m pytest -q

wheels: setup
	./scripts/wheels.sh

# Every fuzz target for 30 s (a regression catcher; long runs: fuzz/run.sh 600).
fuzz-smoke:
	./fuzz/run.sh 30
