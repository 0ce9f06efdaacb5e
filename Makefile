# shenbao — two commands from a fresh clone: `make demo` and `make test`.
# Every target creates or refreshes the local virtualenv (.venv) itself, with uv from PyPI.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME ?= $(CURDIR)/.prefect
export DO_NOT_TRACK := 1

.PHONY: help venv demo test test-quick lint bench bench-library eval eval-extract eval-classify build-mapper eval-checks eval-credit eval-crosschain eval-deskew eval-seals samples clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): pyproject.toml
	@command -v uv >/dev/null 2>&1 || $(PY) -m pip install -q --disable-pip-version-check uv==0.13.8
	@UV=$$(command -v uv || echo "$(PY) -m uv"); \
	  [ -x $(BIN)/python ] || $$UV venv -q -p $(PY) $(VENV); \
	  $$UV pip install -q -p $(BIN)/python -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## create or refresh .venv

DEMO := samples/batch-2023
demo: $(STAMP)  ## review the committed sample batch (samples/batch-2023) into out/demo
	@mkdir -p out/demo
	$(BIN)/shenbao catalog import-holders $(DEMO)/已揭榜单位名单.csv --db out/demo/library.db
	$(BIN)/shenbao review $(DEMO) --online $(DEMO)/online.json --out out/demo --catalog out/demo/library.db \
	  --recommender "示例市工业和信息化局" --recommender-kind 计划单列市
	@echo "打开 out/demo/batch.html、out/demo/summary.xlsx、out/demo/推荐汇总表.docx 查看结果"

test: $(STAMP)  ## run every test (slow, OCR and batch ones included)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

test-quick: $(STAMP)  ## the quick subset: no slow, OCR or batch tests
	$(BIN)/python -m pytest -q -m "not slow and not ocr and not batch"

lint: $(STAMP)  ## ruff, import layers, module size
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python tools/max_lines.py

samples: $(STAMP)  ## regenerate the committed sample batch
	$(BIN)/shenbao samples generate samples/batch-2023 --seed 2023 --preset demo

bench: $(STAMP)  ## speed figures against a raw PyMuPDF baseline
	$(BIN)/python bench/run.py

bench-library: $(STAMP)  ## the case library at 100,000 synthetic instances (ingest, search, recall, size, near duplicates)
	$(BIN)/python bench/library.py --instances 100000 --compare 20000

eval: eval-extract eval-classify eval-checks eval-deskew eval-seals  ## every accuracy evaluation

eval-extract: $(STAMP)  ## field accuracy of the extractors on generated batches
	$(BIN)/python -m evals.extract

eval-classify: $(STAMP)  ## scene mapper on the frozen set (shipped model) and the dev/old sets (cross-validated)
	$(BIN)/python -m evals.classify

build-mapper: $(STAMP)  ## learn the scene mapper from tests/data and write catalog/data/models/scene_mapper_2023.npz
	$(BIN)/python -m classifiers.train

eval-checks: $(STAMP)  ## recall/precision of planted rule violations and mismatches
	$(BIN)/python -m evals.checks

eval-credit: $(STAMP)  ## second reading of failing credit codes on the scans of the batches above
	$(BIN)/python -m evals.credit_reread

eval-seals: $(STAMP)  ## seal detection per ink (sample seal pages restamped in seven inks, digital and scanned)
	$(BIN)/python -m evals.seals

eval-deskew: $(STAMP)  ## skew estimates against the known angle of every re-scanned page
	$(BIN)/python -m evals.deskew

eval-crosschain: $(STAMP)  ## extraction on Word-style PDFs made by LibreOffice (needs soffice)
	$(BIN)/python -m evals.crosschain

clean:  ## remove the virtualenv and outputs
	rm -rf $(VENV) out .prefect
