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
#   make docs-check       rst files parse, man pages format, generated cause
#                         codes are current, shown commands are tested,
#                         kernel-doc of net/smc is complete and clean
#   make bench            benchmarks in guests, 6.12 and 6.1 (not part of check)
#   make soak             SOAK_MINUTES (30) of mixed load on two guests, the
#                         debug kernel if cached (not part of check)
#   make install          modules for $(KVER) into /lib/modules/$(KVER)/updates/
#                         (depmod prefers them to Debian's smc.ko), the tools
#                         under $(PREFIX); DESTDIR honoured; make uninstall
#                         removes exactly that
#   make package          Debian packages smc-erdma-tools, smc-erdma-dkms
#                         into build/package/
#   make package-check    build them and test them (lintian, dpkg, DKMS)
#   make dkms-source      module sources + dkms.conf in build/dkms/smc-<ver>/

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

.PHONY: all modules modules-kver tools modules-all check unit fuzz fuzz-long \
	sparse checkpatch \
	docs-check soak \
	bench clean distclean install uninstall package package-check \
	dkms-source

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

# With modules-all's flags, kbuild keeps its objects and C=2 runs only
# sparse over every source.
sparse: $(BUILD)/kmod/$(KVER)/.src
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod/$(KVER) W=1 KCFLAGS=-Werror \
		C=2 CF=-D__CHECK_ENDIAN__ modules 2>&1 | tee $(BUILD)/sparse-$(KVER).log
	@! grep -E 'warning:|error:' $(BUILD)/sparse-$(KVER).log

checkpatch:
	$(TOP)/scripts/checkpatch.sh

docs-check:
	$(TOP)/scripts/check-docs.sh $(BUILD)

unit:
	$(MAKE) -C $(TOP)/selftests/unit check

fuzz:
	$(MAKE) -C $(TOP)/selftests/fuzz run

# every fuzz target for ten million inputs (not in `make check`: about
# 11 minutes on one core of the build machine)
fuzz-long:
	$(MAKE) -C $(TOP)/selftests/fuzz run RUNS=10000000

check:
	$(TOP)/selftests/run_tests.sh

bench:
	$(TOP)/selftests/bench/run_bench.sh

# SOAK_MINUTES (default 30) of mixed load on two guests, then the peer
# killed mid-transfer; not in `make check` (selftests/vm/README.md)
soak:
	$(TOP)/selftests/vm/soak.sh

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

# A staged install (DESTDIR) has no module index to update: whoever copies
# the files to the target runs depmod there.
DEPMOD = $(if $(DESTDIR),@echo "DESTDIR set: run depmod $(KVER) on the target",\
	 depmod $(KVER))

# install takes the modules this tree built for KVER and builds them only
# when they are missing or older than the sources, as modules_install
# would: a kbuild pass that finds nothing to do still costs minutes on a
# slow machine (an emulated guest).
KMOD = $(BUILD)/kmod/$(KVER)/net/smc
$(KMOD)/smc.ko $(KMOD)/smc_diag.ko &: $(BUILD)/kmod/$(KVER)/.src
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod/$(KVER) modules

install: $(KMOD)/smc.ko $(KMOD)/smc_diag.ko tools
	install -d $(MODDIR)
	install -m 644 $(KMOD)/smc.ko $(KMOD)/smc_diag.ko $(MODDIR)/
	install -D -m 644 $(TOP)/scripts/smc-updates.modprobe $(MODPROBE_NOTE)
	$(DEPMOD)
	$(MAKE) -C $(TOP)/tools/smc-tools O=$(BUILD)/tools PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) install

uninstall:
	@test -n "$(KVER)" || { echo "no kernel with headers: set KVER" >&2; exit 1; }
	rm -f $(MODDIR)/smc.ko $(MODDIR)/smc_diag.ko $(MODPROBE_NOTE)
	rmdir --ignore-fail-on-non-empty $(MODDIR) 2>/dev/null || true
	$(DEPMOD)
	$(MAKE) -C $(TOP)/tools/smc-tools O=$(BUILD)/tools PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) uninstall

# The module sources and dkms.conf alone, for "dkms add DIR" (dkms add
# copies the whole directory it is given): the same files as the
# smc-erdma-dkms package's /usr/src/smc-<version>/
DKMS_VERSION = $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(TOP)/dkms.conf)
DKMS_SRC = $(BUILD)/dkms/smc-$(DKMS_VERSION)

dkms-source:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	install -m 644 $(TOP)/Kbuild $(TOP)/dkms.conf $(DKMS_SRC)/
	cd $(TOP) && find net include -type f \( -name '*.[ch]' -o -name Kbuild \) \
		-exec install -D -m 644 '{}' '$(DKMS_SRC)/{}' ';'
	@echo "staged; as root: dkms add $(DKMS_SRC)"

# --- Debian packages ---------------------------------------------------------
# smc-erdma-tools and smc-erdma-dkms (debian/), built from a copy of the
# tree in $(BUILD)/package/ so that nothing is generated in the tree
package:
	$(TOP)/scripts/check-package.sh -b -o $(BUILD)/package

# build them, lintian, install/remove tests in temporary roots, DKMS for
# every kernel with headers in temporary trees, make install/uninstall
package-check:
	$(TOP)/scripts/check-package.sh -o $(BUILD)/package

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(BUILD)

distclean: clean
