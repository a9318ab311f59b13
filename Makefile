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
#   make install          modules for $(KVER) into /lib/modules/$(KVER)/updates/
#                         (depmod prefers them to Debian's smc.ko), the tools
#                         under $(PREFIX); DESTDIR honoured; make uninstall
#                         removes exactly that

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

.PHONY: all modules modules-kver tools modules-all check unit fuzz sparse checkpatch \
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

# --- install ---------------------------------------------------------------
# Our modules carry the names of Debian's (smc, smc_diag) so that every
# "modprobe smc" and genl/socket-family autoload reaches them; depmod's
# default search order ("updates" before the kernel's own tree) makes ours
# win as long as they are installed.
PREFIX ?= /usr/local
MODDIR = $(DESTDIR)/lib/modules/$(KVER)/updates/smc
MODPROBE_NOTE = $(DESTDIR)/etc/modprobe.d/smc-updates.conf

modules-kver: $(BUILD)/kmod/$(KVER)/.src
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod/$(KVER) modules

install: modules-kver tools
	install -d $(MODDIR)
	install -m 644 $(BUILD)/kmod/$(KVER)/net/smc/smc.ko \
		$(BUILD)/kmod/$(KVER)/net/smc/smc_diag.ko $(MODDIR)/
	install -D -m 644 $(TOP)/scripts/smc-updates.modprobe $(MODPROBE_NOTE)
	$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER),depmod $(KVER))
	$(MAKE) -C $(TOP)/tools/smc-tools O=$(BUILD)/tools PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) install

uninstall:
	rm -f $(MODDIR)/smc.ko $(MODDIR)/smc_diag.ko $(MODPROBE_NOTE)
	-rmdir $(MODDIR) 2>/dev/null
	$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER),depmod $(KVER))
	$(MAKE) -C $(TOP)/tools/smc-tools O=$(BUILD)/tools PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) uninstall

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(BUILD)

distclean: clean
