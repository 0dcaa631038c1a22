# The two commands a new user needs; both set everything up first.
#   make scan   - scan the bundled example site, reports under reports/
#   make test   - run the whole test suite
# More: make desk (the request desk on http://127.0.0.1:5000/), make bench.

.PHONY: setup scan test desk bench clean

setup:
	@scripts/setup.sh

scan: setup
	.venv/bin/a11y scan examples/site --format json,html,md,junit,sarif,csv,openacr,earl --fail-on none

test: setup
	scripts/test.sh

desk: setup
	scripts/desk.sh

bench: setup
	.venv/bin/python bench/compare.py

clean:
	rm -rf reports/*/ .pytest_cache
