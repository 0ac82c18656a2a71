# Mini-KVM: `make` builds the VMM, the guests and the 1K OS; `make check`
# runs the VMM's unit tests and the conformance suite. On a machine without
# /dev/kvm the suite and the demo run in the test VM (tools/testvm, nested
# KVM under QEMU TCG) by themselves; MINI_KVM_TESTVM=never|always decides
# otherwise (tools/on-kvm).
PYTHON ?= /usr/bin/python3
PYTEST_ARGS ?= -n auto

# Guest folders with a Makefile of their own.
GUEST_DIRS := guests $(patsubst %/Makefile,%,$(wildcard guests/*/Makefile suite/guests/Makefile))

.PHONY: all vmm guests os1k check unit suite clean demo check-vm check-linux \
	check-asan check-tsan check-valgrind check-sandbox fuzz fuzz-regress bench
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
	tools/on-kvm "the suite" $(PYTHON) -m pytest $(PYTEST_ARGS)

check: unit suite

# The whole suite in the test VM, whatever this machine has (hardware
# semantics: 32-bit paging, iret and int N work there).
check-vm: all
	MINI_KVM_TESTVM=always tools/on-kvm "the suite" $(PYTHON) -m pytest $(PYTEST_ARGS)

# Debian's stock kernel booted to init, in the test VM (docs/LINUX.md):
# each boot takes 15-45 s there and some stall, so make check skips them.
check-linux: all
	MINI_KVM_TESTVM=always MINI_KVM_RUN_SLOW=stock-linux tools/on-kvm "the Linux boots" \
		$(PYTHON) -m pytest -p no:xdist suite/test_linux_kernel.py

# Hardening (docs/LIMITS.md). The suite runs whatever binary MINI_KVM names.
#   check-asan      every hand-written scenario (not the generated families)
#                   and the bad-input tests on an ASan+UBSan build
#   check-tsan      every hand-written scenario (multi-vCPU, SMP, timers) on a
#                   ThreadSanitizer build
#   check-valgrind  a sample of scenarios under valgrind memcheck
#   check-sandbox   every scenario with the VMM under --sandbox (seccomp)
#   fuzz            each libFuzzer harness for FUZZ_SECONDS (default 60)
#   fuzz-regress    each harness once over its seeds and saved crashes (fast)
SANITIZER_SCENARIOS ?= not gen/
THREAD_SCENARIOS    ?= not gen/
VALGRIND_SCENARIOS  ?= real/hello or real/echo or harness/ or hostile/ports or hostile/hypercalls or hostile/multi.exit
check-asan: all
	$(MAKE) -C vmm asan
	MINI_KVM=$(CURDIR)/vmm/build-asan/mini-kvm ASAN_OPTIONS=detect_leaks=1 \
		tools/on-kvm "the ASan suite" $(PYTHON) -m pytest $(PYTEST_ARGS) suite/test_scenarios.py suite/test_badinput.py \
		suite/test_hostile_hostdep.py -k "($(SANITIZER_SCENARIOS)) or test_badinput or hostdep"

check-tsan: all
	$(MAKE) -C vmm tsan
	MINI_KVM=$(CURDIR)/vmm/build-tsan/mini-kvm TSAN_OPTIONS=halt_on_error=1 \
		tools/on-kvm "the TSan suite" $(PYTHON) -m pytest $(PYTEST_ARGS) suite/test_scenarios.py -k "$(THREAD_SCENARIOS)"

check-valgrind: all
	MINI_KVM=$(CURDIR)/vmm/tests/under-valgrind \
		tools/on-kvm "the valgrind suite" $(PYTHON) -m pytest $(PYTEST_ARGS) suite/test_scenarios.py -k "$(VALGRIND_SCENARIOS)"

check-sandbox: all
	MINI_KVM=$(CURDIR)/vmm/tests/under-sandbox \
		tools/on-kvm "the sandbox suite" $(PYTHON) -m pytest $(PYTEST_ARGS) suite/test_scenarios.py suite/test_generated.py suite/test_multiboot_input.py

fuzz:
	$(MAKE) -C vmm/fuzz run

fuzz-regress:
	$(MAKE) -C vmm/fuzz regress

# The six performance benchmarks against the KVM floor and QEMU TCG
# (docs/PERFORMANCE.md); a few minutes.
bench: vmm
	$(MAKE) -C bench bench

demo: all
	tools/on-kvm "the demo" ./vmm/mini-kvm guests/real/hello.bin

clean:
	$(MAKE) -C vmm clean
	@for d in $(GUEST_DIRS); do $(MAKE) -s -C $$d clean; done
	@if [ -f os1k/Makefile ]; then $(MAKE) -s -C os1k clean; fi
