# SPDX-License-Identifier: GPL-2.0
#
# smc.ko / smc_diag.ko out of tree, the userspace tools, and the tests.
#
#   make                  modules for $(KVER) and the tools
#   make modules-all      modules for every installed Debian kernel, W=1,
#                         each in build/kmod/<kver>/ (warnings are errors)
#   make check            all tests (unit, build, guest suites, interop)
#   make unit fuzz        userspace unit tests / short fuzz runs
#   make sparse           sparse (C=2) over the module sources
#   make checkpatch       checkpatch.pl --strict over our kernel sources
#   make bench            benchmarks in guests (not part of check)
#   make install          (see Documentation/networking/smc.rst)

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build

# Default kernel: the running one if it can build modules, else the newest
# Debian 6.12, else the newest Debian 6.1.
KVERS := $(notdir $(wildcard /lib/modules/*/build))
KVERS := $(foreach k,$(shell ls /lib/modules 2>/dev/null),\
	   $(if $(wildcard /lib/modules/$(k)/build/Makefile),$(k)))
KVER ?= $(or $(filter $(shell uname -r),$(KVERS)),\
	     $(lastword $(sort $(filter 6.12.%,$(KVERS)))),\
	     $(lastword $(sort $(filter 6.1.%,$(KVERS)))))
KDIR ?= /lib/modules/$(KVER)/build

MODSRC := Kbuild net include

.PHONY: all modules tools modules-all check unit fuzz sparse checkpatch \
	bench clean distclean install uninstall

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) modules

tools:
	$(MAKE) -C $(TOP)/tools/smc-tools O=$(BUILD)/tools

# Each kernel gets its own copy of the sources: kbuild writes its objects
# next to them.
$(BUILD)/kmod/%/.src: $(shell find $(MODSRC) -type f 2>/dev/null)
	rm -rf $(BUILD)/kmod/$*
	mkdir -p $(BUILD)/kmod/$*
	cp -a $(MODSRC) $(BUILD)/kmod/$*/
	touch $@

modules-all: $(foreach k,$(KVERS),$(BUILD)/kmod/$(k)/.src)
	@set -e; for k in $(KVERS); do \
		echo "== modules for $$k (W=1)"; \
		$(MAKE) -C /lib/modules/$$k/build M=$(BUILD)/kmod/$$k W=1 \
			KCFLAGS=-Werror modules; \
	done

sparse: $(BUILD)/kmod/$(KVER)/.src
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod/$(KVER) C=2 CF=-D__CHECK_ENDIAN__ \
		modules 2>&1 | tee $(BUILD)/sparse-$(KVER).log
	@! grep -E 'warning:|error:' $(BUILD)/sparse-$(KVER).log

checkpatch:
	$(TOP)/scripts/checkpatch.sh

unit:
	$(MAKE) -C $(TOP)/selftests/unit check

fuzz:
	$(MAKE) -C $(TOP)/selftests/fuzz run

check:
	$(TOP)/selftests/run_tests.sh

bench:
	$(TOP)/selftests/bench/run_bench.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(BUILD)

distclean: clean
