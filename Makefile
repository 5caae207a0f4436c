# posd — build, test, install.  `make help` lists the targets.

.DEFAULT_GOAL := all

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
UIDIR      ?= $(DATADIR)/posd/ui
SYSCONFDIR ?= /etc
UNITDIR    ?= /lib/systemd/system
UDEVDIR    ?= /lib/udev/rules.d
SYSUSERSDIR ?= /usr/lib/sysusers.d

BUILD      := build
CC         ?= cc
PKGS       := sqlite3 libsodium inih
DPKGS      := $(PKGS) libmicrohttpd jansson libsystemd libudev libevdev libusb-1.0 libserialport libpq
DEBS_BUILD := gcc make pkg-config libsqlite3-dev libsodium-dev libinih-dev libmicrohttpd-dev \
              libjansson-dev libsystemd-dev libcups2-dev libudev-dev libevdev-dev \
              libusb-1.0-0-dev libserialport-dev libpq-dev golang-github-mozillazg-go-pinyin-dev
DEBS_TEST  := $(DEBS_BUILD) libcmocka-dev sqlite3 libcurl4-gnutls-dev ledger hledger cups cups-bsd umockdev \
              libumockdev-dev chromium faketime clang libclang-rt-14-dev systemd python3-stdnum \
              postgresql-15

WARN       := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS     ?= -O2 -g
INCLUDES   := -Idaemon/core -Idaemon/config -Idaemon/util -Idaemon/api -Idaemon/devices -Idaemon/chain -Idrivers
ALL_CFLAGS  = -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -MMD -MP -pthread \
              $(INCLUDES) -I$(BUILD) $(shell pkg-config --cflags $(DPKGS) 2>/dev/null)
LIBS        = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
DLIBS       = $(shell pkg-config --libs $(DPKGS) 2>/dev/null) $(shell cups-config --libs 2>/dev/null) -pthread
POSCTL_LIBS = $(shell pkg-config --libs libudev libpq 2>/dev/null) $(shell cups-config --libs 2>/dev/null)

SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS  = -std=gnu11 $(WARN) -O1 -g $(SAN) -D_GNU_SOURCE -MMD -MP -pthread \
              $(INCLUDES) -I$(BUILD) -Itests/unit -Itests/integration \
              $(shell pkg-config --cflags $(DPKGS) cmocka libcurl umockdev-1.0 2>/dev/null)

# and the table of Chinese readings tools/gen-pinyin makes
CORE_SRC   := $(wildcard daemon/core/*/*.c) $(BUILD)/gen/pinyin.c
CONF_SRC   := $(wildcard daemon/config/*.c)
DRV_SRC    := $(wildcard drivers/*.c)
POSCTL_SRC := $(wildcard daemon/posctl/*.c)
UTIL_SRC   := $(wildcard daemon/util/*.c)
API_SRC    := $(wildcard daemon/api/*.c daemon/devices/*.c daemon/chain/*.c) $(UTIL_SRC)
POSD_SRC   := $(wildcard daemon/posd/*.c)
TEST_SRC   := $(wildcard tests/unit/test_*.c tests/integration/test_*.c)
TEST_LIB   := $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c tests/integration/*.c tests/integration/*/*.c))

CORE_OBJ   := $(CORE_SRC:%.c=$(BUILD)/%.o)
CONF_OBJ   := $(CONF_SRC:%.c=$(BUILD)/%.o)
POSCTL_OBJ := $(POSCTL_SRC:%.c=$(BUILD)/%.o)
POSD_OBJ   := $(API_SRC:%.c=$(BUILD)/%.o) $(POSD_SRC:%.c=$(BUILD)/%.o) $(DRV_SRC:%.c=$(BUILD)/%.o)
LIBPOSD    := $(BUILD)/libposd.a
POSCTL     := $(BUILD)/posctl
POSD       := $(BUILD)/posd

SAN_CORE   := $(CORE_SRC:%.c=$(BUILD)/san/%.o) $(CONF_SRC:%.c=$(BUILD)/san/%.o) $(DRV_SRC:%.c=$(BUILD)/san/%.o)
SAN_LIB    := $(BUILD)/san/libposd.a
SAN_POSCTL := $(BUILD)/san/posctl
SAN_POSD   := $(BUILD)/san/posd
TESTS      := $(patsubst %.c,$(BUILD)/san/tests/%,$(notdir $(TEST_SRC)))

DEMO_DIR   := $(BUILD)/demo

# the front end: pos-ui's files and the npm libraries it loads, as plain static files
UI         := $(BUILD)/ui
UI_SRC     := pos-ui/index.html pos-ui/style.css $(wildcard pos-ui/src/*.js pos-ui/src/*/*.js)
UI_NM      := $(BUILD)/npm/pos-ui/node_modules
UI_TEST_NM := $(BUILD)/npm/tests/ui/node_modules
# implementations of the standards posd did not write, for tests/outside
OUTSIDE_NM := $(BUILD)/npm/tests/outside/node_modules

.SECONDARY:
# the install paths compiled in: rewritten only when they change, so a make install with
# another PREFIX rebuilds what uses them
$(BUILD)/paths.h: FORCE
	@mkdir -p $(BUILD)
	@printf '#define POSD_UI_DIR "%s"\n' '$(UIDIR)' > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

.PHONY: FORCE all deps deps-test check check-ui run run-chain bench bench-chain install uninstall clean help ui fuzz soak
all: deps $(LIBPOSD) $(POSCTL) $(POSD) ui

help:
	@echo "make          build libposd.a, posd, posctl and the front end (installs what is missing)"
	@echo "make run      build and run posd on the demo store (POSD_PORT=8080)"
	@echo "make run-chain  three demo stores sending to HQ's PostgreSQL on this machine (POSD_PORT=8081 on)"
	@echo "make check    build with ASan/UBSan and run every test, the browser tests too"
	@echo "make check-ui the browser tests alone"
	@echo "make bench    run the benchmarks and print a table"
	@echo "make bench-chain  HQ's PostgreSQL and 1,000 stores: ingest, a day offline, a price, a month's report"
	@echo "make fuzz     run each fuzzer for FUZZ_SECONDS (300) from its corpus"
	@echo "make soak     the model of the whole store for SOAK_OPS operations over SOAK_SEEDS seeds, stores in SOAK_TMPDIR (/dev/shm)"
	@echo "make install  install under DESTDIR/PREFIX"

deps:
	@tools/need-debs $(DEBS_BUILD)
deps-test:
	@tools/need-debs $(DEBS_TEST)

# npm ci into a folder of the build, from the committed package-lock.json
$(BUILD)/npm/%/node_modules/.installed: %/package.json %/package-lock.json
	@tools/need-node
	@rm -rf $(BUILD)/npm/$* && mkdir -p $(BUILD)/npm/$*
	cp $^ $(BUILD)/npm/$*/
	cd $(BUILD)/npm/$* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ui: $(UI)/index.html
$(UI)/index.html: $(UI_SRC) $(UI_NM)/.installed tools/build-ui
	tools/build-ui $(UI_NM) $(UI)

# each Chinese character's reading, for the product search, from Debian's copy of the
# Unihan-based table of go-pinyin
PINYIN_DICT := /usr/share/gocode/src/github.com/mozillazg/go-pinyin/pinyin_dict.go
$(BUILD)/gen/pinyin.c: tools/gen-pinyin
	@mkdir -p $(dir $@)
	@test -f $(PINYIN_DICT) || tools/need-debs golang-github-mozillazg-go-pinyin-dev
	tools/gen-pinyin $(PINYIN_DICT) $@

$(BUILD)/%.o: %.c | $(BUILD)/paths.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBPOSD): $(CORE_OBJ)
	$(AR) rcs $@ $^

$(POSCTL): $(POSCTL_OBJ) $(CONF_OBJ) $(LIBPOSD)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS) $(POSCTL_LIBS)

$(POSD): $(POSD_OBJ) $(CONF_OBJ) $(LIBPOSD)
	$(CC) $(CFLAGS) -o $@ $^ $(DLIBS)

# --- tests: everything under AddressSanitizer and UBSan -------------------------------
$(BUILD)/san/%.o: %.c | $(BUILD)/paths.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c $< -o $@

$(SAN_LIB): $(SAN_CORE)
	$(AR) rcs $@ $^

$(SAN_POSCTL): $(POSCTL_SRC:%.c=$(BUILD)/san/%.o) $(SAN_LIB)
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(POSCTL_LIBS)

$(SAN_POSD): $(API_SRC:%.c=$(BUILD)/san/%.o) $(POSD_SRC:%.c=$(BUILD)/san/%.o) $(SAN_LIB)
	$(CC) $(SAN) -o $@ $^ $(DLIBS)

TEST_LINK   = $(CC) $(SAN) -o $@ $^ $(DLIBS) $(shell pkg-config --libs cmocka libcurl 2>/dev/null) $(TEST_EXTRA)
TEST_UTIL   = $(BUILD)/san/daemon/util/cond.o
$(BUILD)/san/tests/%: $(BUILD)/san/tests/unit/%.o $(TEST_LIB:%.c=$(BUILD)/san/%.o) $(TEST_UTIL) $(SAN_LIB)
	$(TEST_LINK)
$(BUILD)/san/tests/%: $(BUILD)/san/tests/integration/%.o $(TEST_LIB:%.c=$(BUILD)/san/%.o) $(TEST_UTIL) $(SAN_LIB)
	$(TEST_LINK)

# the model built without sanitizers, for make soak's long runs
SOAK_CFLAGS = $(filter-out $(SAN) -O1,$(SAN_CFLAGS)) -O2
SOAK_MODEL := $(BUILD)/soak/test_model
$(BUILD)/soak/%.o: %.c | $(BUILD)/paths.h
	@mkdir -p $(dir $@)
	$(CC) $(SOAK_CFLAGS) -c $< -o $@
$(SOAK_MODEL): $(BUILD)/soak/tests/integration/test_model.o $(TEST_LIB:%.c=$(BUILD)/soak/%.o) $(BUILD)/soak/daemon/util/cond.o \
               $(LIBPOSD)
	$(CC) -o $@ $^ $(DLIBS) $(shell pkg-config --libs cmocka libcurl 2>/dev/null)

# HQ's PostgreSQL, through libpq; posctl carries HQ's schema
$(BUILD)/daemon/posctl/cmd_hq.o $(BUILD)/san/daemon/posctl/cmd_hq.o: chain/hq.sql
$(BUILD)/san/tests/test_hq_ingest: $(BUILD)/san/daemon/chain/upload.o $(BUILD)/san/daemon/util/pool.o \
        $(BUILD)/san/daemon/util/log.o

# the pool's write turn, tested in the core's unit tests
$(BUILD)/san/tests/test_writer_turn: $(BUILD)/san/daemon/util/pool.o $(BUILD)/san/daemon/util/log.o

# the tests that play a device from inside their own process
$(BUILD)/san/tests/test_usb_receipt $(BUILD)/san/tests/test_hid_scanner $(BUILD)/san/tests/test_serial: \
        TEST_EXTRA = $(shell pkg-config --libs umockdev-1.0 2>/dev/null)

# --- fuzzing: libFuzzer (clang) over the parsers of what comes from outside -------------
FUZZ_CC     ?= clang
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = -std=gnu11 $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -D_GNU_SOURCE -pthread \
               $(INCLUDES) -I$(BUILD) $(shell pkg-config --cflags $(DPKGS) 2>/dev/null)
FUZZ_SRC    := $(CORE_SRC) $(CONF_SRC) $(DRV_SRC) daemon/api/json_depth.c daemon/api/json.c daemon/util/json_out.c
FUZZ_LIB    := $(BUILD)/fuzz/libposd-fuzz.a
FUZZERS     := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 300

$(BUILD)/fuzz/obj/%.o: %.c | $(BUILD)/paths.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_SRC:%.c=$(BUILD)/fuzz/obj/%.o)
	$(AR) rcs $@ $^

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(DLIBS)

# each fuzzer for FUZZ_SECONDS from its corpus; what it finds new is kept in build/fuzz/
fuzz: deps-test $(FUZZERS)
	@for f in $(FUZZERS); do n=$${f##*/fuzz_}; mkdir -p $(BUILD)/fuzz/found/$$n; \
	  echo "== $$n"; $$f -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/found/$$n tests/fuzz/corpus/$$n || exit 1; done

# the power cut: a VFS preloaded into posd that loses what was not fsynced
POWERLOSS  := $(BUILD)/faults/powerloss.so
$(POWERLOSS): tests/faults/powerloss.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O1 -g -fPIC -shared -o $@ $< $(shell pkg-config --cflags --libs sqlite3)

UI_TESTS   := $(wildcard tests/ui/*.test.mjs)
OUTSIDE_TESTS := $(wildcard tests/outside/*.test.mjs)
# POSD_PLAIN, POSCTL_PLAIN: posd and posctl without sanitizers, where they save a test
# minutes; POSD_PLAIN for the one test whose million-row import would
# take several times as long under them (test_long_import)
TEST_ENV    = SRCDIR=$(CURDIR) POSCTL=$(abspath $(SAN_POSCTL)) POSD=$(abspath $(SAN_POSD)) POSD_PLAIN=$(abspath $(POSD)) \
              POSCTL_PLAIN=$(abspath $(POSCTL)) \
              DEMO_CSV=$(abspath config/demo-products.csv) UI_DIR=$(abspath $(UI)) UI_SHOTS=$(abspath $(BUILD)/ui-shots) \
              UI_TEST_NM=$(abspath $(UI_TEST_NM)) OUTSIDE_NM=$(abspath $(OUTSIDE_NM)) POWERLOSS_SO=$(abspath $(POWERLOSS)) \
              BENCH_CHAIN=$(abspath $(BUILD)/bench/chain)
check: deps-test
	@$(MAKE) --no-print-directory $(TESTS) $(SAN_POSCTL) $(SAN_POSD) $(POSD) $(POSCTL) ui $(UI_TEST_NM)/.installed \
	        $(OUTSIDE_NM)/.installed $(FUZZERS) $(POWERLOSS) $(BUILD)/bench/chain
	@$(TEST_ENV) tools/run-tests tests/tree/check-tree $(TESTS) $(FUZZERS) $(UI_TESTS) $(OUTSIDE_TESTS)

# one browser test: make check-ui [UI_TESTS=tests/ui/x.test.mjs]
check-ui: deps-test
	@$(MAKE) --no-print-directory $(SAN_POSCTL) $(SAN_POSD) ui $(UI_TEST_NM)/.installed
	@$(TEST_ENV) tools/run-tests $(UI_TESTS)

# the model of the whole store (tests/integration/test_model.c) run long, against posd
# and posctl built without sanitizers for speed: SOAK_OPS operations in all, over
# SOAK_SEEDS seeds from SOAK_SEED
SOAK_OPS   ?= 100000
SOAK_SEEDS ?= 4
SOAK_SEED  ?= 1000
soak: deps-test
	@$(MAKE) --no-print-directory $(SOAK_MODEL) $(POSD) $(POSCTL) $(POWERLOSS)
	@SRCDIR=$(CURDIR) POSD=$(abspath $(POSD)) POSCTL=$(abspath $(POSCTL)) POWERLOSS_SO=$(abspath $(POWERLOSS)) \
	  POSD_SEED=$(SOAK_SEED) POSD_SEEDS=$(SOAK_SEEDS) POSD_MODEL_OPS=$$(( $(SOAK_OPS) / $(SOAK_SEEDS) )) \
	  POSD_VERIFY_EVERY=1000 TMPDIR=$${SOAK_TMPDIR:-/dev/shm} $(SOAK_MODEL)

# --- the demo store --------------------------------------------------------------------
run: all
	@tools/demo $(POSCTL) $(POSD) $(DEMO_DIR) config/demo-products.csv $(UI)

# three demo stores and HQ's PostgreSQL on this machine (tools/chain-demo)
run-chain: all
	@tools/need-debs postgresql-15
	@tools/chain-demo $(POSCTL) $(POSD) $(BUILD)/chain config/demo-products.csv $(UI)

# --- benchmarks ------------------------------------------------------------------------
DEBS_BENCH := $(DEBS_BUILD) libcurl4-gnutls-dev ledger
$(BUILD)/bench/bench: $(wildcard bench/*.c) $(LIBPOSD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $(filter %.c,$^) $(LIBPOSD) $(DLIBS) $(shell pkg-config --libs libcurl 2>/dev/null)

# make bench-chain: HQ's PostgreSQL and a thousand stores (bench/chain), through posd's
# own uploader code
BENCH_SHARED := bench/goals.c bench/util.c bench/stores.c
CHAIN_BENCH_OBJ := $(addprefix $(BUILD)/,daemon/chain/upload.o daemon/chain/changes.o daemon/util/pool.o \
                   daemon/util/cond.o daemon/util/log.o)
$(BUILD)/bench/chain: $(wildcard bench/chain/*.c) $(BENCH_SHARED) $(CHAIN_BENCH_OBJ) $(LIBPOSD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ibench -O2 -o $@ $(filter %.c,$^) $(CHAIN_BENCH_OBJ) $(LIBPOSD) $(DLIBS) -lm

bench-chain: all
	@tools/need-debs $(DEBS_BENCH) postgresql-15
	@$(MAKE) --no-print-directory $(BUILD)/bench/chain
	@tools/bench-chain $(POSCTL) $(POSD) $(BUILD)/bench/chain $(BUILD)/bench/chain.json

bench: all
	@tools/need-debs $(DEBS_BENCH)
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench
	@POSD=$(abspath $(POSD)) $(BUILD)/bench/bench --json $(BUILD)/bench/results.json $(BENCH_ARGS)

# --- install ---------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/posd $(DESTDIR)$(UNITDIR) \
	        $(DESTDIR)$(UDEVDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(POSCTL) $(DESTDIR)$(BINDIR)/posctl
	install -m 0755 $(POSD) $(DESTDIR)$(BINDIR)/posd
	install -m 0644 config/posd.conf $(DESTDIR)$(SYSCONFDIR)/posd/posd.conf
	install -m 0644 systemd/posd.service systemd/posd-backup.service systemd/posd-backup.timer $(DESTDIR)$(UNITDIR)/
	install -m 0644 config/60-posd.rules $(DESTDIR)$(UDEVDIR)/60-posd.rules
	install -m 0644 config/posd.sysusers $(DESTDIR)$(SYSUSERSDIR)/posd.conf
	install -m 0644 docs/man/posctl.1 $(DESTDIR)$(MANDIR)/man1/posctl.1
	install -m 0644 docs/man/posd.conf.5 $(DESTDIR)$(MANDIR)/man5/posd.conf.5
	install -m 0644 docs/man/posd.8 $(DESTDIR)$(MANDIR)/man8/posd.8
	rm -rf $(DESTDIR)$(UIDIR) && install -d $(DESTDIR)$(UIDIR)
	cp -R $(UI)/. $(DESTDIR)$(UIDIR)/
	chmod -R u=rwX,go=rX $(DESTDIR)$(UIDIR)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/posctl $(DESTDIR)$(BINDIR)/posd $(DESTDIR)$(UNITDIR)/posd.service \
	      $(DESTDIR)$(UNITDIR)/posd-backup.service $(DESTDIR)$(UNITDIR)/posd-backup.timer \
	      $(DESTDIR)$(UDEVDIR)/60-posd.rules $(DESTDIR)$(SYSUSERSDIR)/posd.conf $(DESTDIR)$(MANDIR)/man1/posctl.1 \
	      $(DESTDIR)$(MANDIR)/man5/posd.conf.5 $(DESTDIR)$(MANDIR)/man8/posd.8
	rm -rf $(DESTDIR)$(UIDIR)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
