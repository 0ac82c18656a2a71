# Mini-KVM: `make` builds the VMM, the guests and the 1K OS; `make check`
# runs the VMM's unit tests and the conformance suite.
PYTHON ?= /usr/bin/python3
PYTEST_ARGS ?= -n auto

.PHONY: all vmm guests os1k check unit suite clean demo
all: vmm guests os1k

vmm:
	$(MAKE) -C vmm

guests: vmm
	$(MAKE) -C guests

os1k:
	$(MAKE) -C os1k

unit:
	$(MAKE) -C vmm test

suite: all
	$(PYTHON) -m pytest $(PYTEST_ARGS)

check: all unit suite

demo: all
	./vmm/mini-kvm guests/real/hello.bin

clean:
	$(MAKE) -C vmm clean
	$(MAKE) -C guests clean
	$(MAKE) -C os1k clean
