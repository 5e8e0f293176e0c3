# Disagg JDK: top-level targets.  The work is done by the scripts in
# make/disagg/; this file only names it.  See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := images

.PHONY: images all configure test-image test test-peer demo bench bench-full \
        bench-jmh bench-transport bench-remote bench-upstream upstream-footprint clean help

help:
	@echo "Targets:"
	@echo "  make / make images     build the JDK image (build/jdk), configuring first if needed"
	@echo "  make demo              build, then run an unmodified program on the disaggregated heap"
	@echo "  make test              build, then run gtest, jtreg and server tests; ends with 'N passed, N failed'"
	@echo "  make test-peer         run OpenJDK's own GC, virtual-thread and concurrency suites"
	@echo "                         (PEER_VM_OPTIONS='...' adds VM options, e.g. -XX:+UseDisaggregatedHeap)"
	@echo "  make bench             quick benchmarks (within 10 minutes); make bench-full: all"
	@echo "  make bench-jmh         JMH microbenchmarks (fault latency, allocation, feature off)"
	@echo "  make bench-transport   memory-server transport against ucx_perftest"
	@echo "  make bench-remote      remote carriers: dispatch latency, a stream with one remote core, break-even"
	@echo "  make bench-upstream    build the unpatched upstream JDK for the benchmarks' 'upstream' column"
	@echo "  make upstream-footprint  how many upstream files and lines the patch series changes"
	@echo "  make configure         (re)run ./configure"
	@echo "  make clean             remove build/ in this checkout (the shared build tree stays)"

all: images

configure:
	./configure

images:
	bash make/disagg/build.sh images

test-image:
	bash make/disagg/build.sh images test-image

test:
	bash make/disagg/test.sh

test-peer:
	bash make/disagg/test-peer.sh

demo:
	bash make/disagg/demo.sh

bench:
	bash benchmarks/run.sh quick

bench-full:
	bash benchmarks/run.sh full

bench-jmh:
	bash benchmarks/jmh/run.sh

bench-transport:
	python3 benchmarks/transport/run.py

bench-remote:
	bash benchmarks/remote/run.sh

bench-upstream:
	bash benchmarks/upstream.sh

upstream-footprint:
	@bash make/disagg/footprint.sh

clean:
	rm -rf build
