# Mini-KVM: `make` builds the VMM, the guests and the 1K OS; `make check`
# runs the VMM's unit tests and the conformance suite.
PYTHON ?= /usr/bin/python3
PYTEST_ARGS ?= -n auto

# Guest folders with a Makefile of their own.
GUEST_DIRS := guests $(patsubst %/Makefile,%,$(wildcard guests/*/Makefile suite/guests/Makefile))

.PHONY: all vmm guests os1k check unit suite clean demo
all: vmm guests os1k

vmm:
	$(MAKE) -C vmm

guests: vmm
	@for d in $(GUEST_DIRS); do $(MAKE) -s -C $$d || exit 1; done

os1k:
	@if [ -f os1k/Makefile ]; then $(MAKE) -s -C os1k; fi

unit: vmm
	$(MAKE) -C vmm test

suite: all
	$(PYTHON) -m pytest $(PYTEST_ARGS)

check: unit suite

demo: all
	./vmm/mini-kvm guests/real/hello.bin

clean:
	$(MAKE) -C vmm clean
	@for d in $(GUEST_DIRS); do $(MAKE) -s -C $$d clean; done
	@if [ -f os1k/Makefile ]; then $(MAKE) -s -C os1k clean; fi
