# The two commands of the README: `make demo` (the main job) and `make test` (every
# test, what CI runs). Both set up everything they need first (scripts/setup.sh).
.PHONY: setup demo test lint fuzz-smoke

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
	$(VENV)/mypy python/httplib_rs/__init__.py python/httplib_rs/__main__.py python/httplib_rs/_demo.py

test: setup lint
	cargo test
	./scripts/multi_python.sh
	$(VENV)/python -m pytest -q
	./scripts/test_debug.sh
	./scripts/valgrind_core.sh
	$(MAKE) fuzz-smoke

# Every fuzz target for 30 s (a regression catcher; long runs: fuzz/run.sh 600).
fuzz-smoke:
	./fuzz/run.sh 30
