# winnow -- boilerplate-stripping ingestion pipeline stage.
#
#   make run     install missing packages, build, run the pipeline on corpus/
#   make test    install missing packages, build, run every test (plain and ASan+UBSan)
#   make eval    extraction quality on ../shared/eval (EVAL_EXPLAIN=DIR [EVAL_KIND=wcxb]
#                [EVAL_TYPE=forum] [EVAL_WORST=20]: why the worst pages lose their snippets)
#   make bench   speed and memory benchmarks
#   make same    output byte-identical to REF (default HEAD) on the dev set and corpus?
#   make install / make uninstall   (PREFIX=/usr/local, DESTDIR=)
#
# Build variables: CC (gcc or clang), BUILD (output dir), SAN=1 (ASan+UBSan).
# CFLAGS, CPPFLAGS and LDFLAGS are the user's: given on the command line
# (make CFLAGS='-O3 -march=native') they add to the project's flags, which
# live in WN_CFLAGS / WN_LDFLAGS, instead of replacing them.

CC      ?= gcc
CXX     ?= g++
BUILD   ?= build
SHARED  ?= ../shared
PYTHON  ?= python3
PKGS     = gumbo libcurl zlib libisal libbrotlidec libzmq inih uchardet jansson libcrypto

# Installation (GNU conventions). DESTDIR stages a tree for packaging.
PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR      ?= $(EXEC_PREFIX)/bin
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
PYTHONDIR   ?= $(PREFIX)/lib/python3/dist-packages
INSTALL     ?= install

# The version lives in include/winnow/version.h alone; the shared object is
# libwinnow.so.$(VERSION) with the soname libwinnow.so.$(SOMAJOR).
VERSION := $(shell sed -n 's/^\#define WN_VERSION_STRING "\(.*\)"/\1/p' include/winnow/version.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME   = libwinnow.so.$(SOMAJOR)

WARN     = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
WN_CFLAGS  = -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc -MMD -MP
WN_LDFLAGS =
SAN_CFLAGS =
# CLD2 (language detection, libcld2; no pkg-config file) is C++: its shim
# src/extract/lang_cld2.cc is the one C++ file, and links need libstdc++.
LANG_LIBS = -lcld2 -lstdc++
LDLIBS   = $(LANG_LIBS) -lm
CXXWARN  = -Wall -Wextra -Wshadow -Wconversion -Werror

ifeq ($(SAN),1)
SAN_CFLAGS  = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
WN_LDFLAGS += -fsanitize=address,undefined
endif

# pkg-config is only asked once the dependencies are installed (deps target).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WN_CFLAGS += $(PKG_CFLAGS)

# What every compile and link uses: the project's flags, then the user's
# (so a user's -O or -W flag wins), then the sanitizers' -O1.
ALL_CFLAGS  = $(WN_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS)
ALL_LDFLAGS = $(WN_LDFLAGS) $(LDFLAGS)
# The library's objects serve both libwinnow.a and libwinnow.so: position
# independent, and only what include/winnow/ marks WN_EXPORT is visible
# outside the shared object.
LIB_CFLAGS  = -fPIC -fvisibility=hidden -fno-semantic-interposition

# src/ by layer: base (memory, errors), io (HTTP, WARC, fetch), html (charset,
# pre-scan, tree), extract (the extraction core), pipe (wire, delivery,
# config), cli (the tool). docs/architecture.md draws them.
LAYERS   = base io html extract pipe
LIB_SRC  = $(sort $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c)))
LIB_CXX  = $(sort $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.cc)))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
LIB_COBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB_XOBJ = $(LIB_CXX:%.cc=$(BUILD)/obj/%.o)
LIB_OBJ  = $(LIB_COBJ) $(LIB_XOBJ)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS    = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SHLIB    = $(BUILD)/libwinnow.so.$(VERSION)

# The Python module (make python) is built for Debian's python3, whose
# python3-dev provides the headers and python3-distributed Dask; a python3
# earlier in PATH (pyenv, a venv) is not used.
DEB_PYTHON ?= /usr/bin/python3
PY_INCLUDES := $(shell $(DEB_PYTHON)-config --includes 2>/dev/null)
PY_EXT      := $(shell $(DEB_PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))' 2>/dev/null)
PYMOD        = $(BUILD)/python/winnow$(PY_EXT)
PY_BUILD     = $(if $(PY_INCLUDES),$(PYMOD) $(BUILD)/python/winnow.pyi)
MAN_PAGES = $(sort $(wildcard docs/*.1 docs/*.5))

.PHONY: all deps build asan test run eval bench fuzz corpus format clean valgrind same install uninstall install-python uninstall-python python bench-python

all: build

deps:
	@sh scripts/deps.sh

build: $(BUILD)/winnow $(BUILD)/libwinnow.so $(TESTS) $(PY_BUILD)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_COBJ): $(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(LIB_XOBJ): $(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 $(CXXWARN) -Iinclude -Isrc -MMD -MP $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/libwinnow.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The shared object exports only the wn_ API (see include/winnow/version.h).
# (-Wl,--no-undefined: every symbol it needs comes from a library it names;
# not under SAN=1, where clang leaves the sanitizer runtime to the program.)
$(SHLIB): $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) $(if $(filter 1,$(SAN)),,-Wl,--no-undefined) \
	    -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/libwinnow.so: $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $(BUILD)/$(SONAME)
	ln -sf $(notdir $(SHLIB)) $@

# make python: build/python/winnow.*.so (import with PYTHONPATH=build/python),
# libwinnow.a linked in (its objects are -fPIC; only PyInit_winnow is visible).
python: $(PYMOD) $(BUILD)/python/winnow.pyi

$(PYMOD): python/winnowmodule.c $(BUILD)/libwinnow.a
	@test -n "$(PY_INCLUDES)" || { echo "make python: $(DEB_PYTHON)-config not found: apt-get install python3-dev" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PY_INCLUDES) -fPIC -fvisibility=hidden -shared -Wl,--exclude-libs,ALL $(ALL_LDFLAGS) -o $@ $< \
	    $(BUILD)/libwinnow.a $(PKG_LIBS) $(LDLIBS)

$(BUILD)/python/winnow.pyi: python/winnow.pyi
	@mkdir -p $(dir $@)
	cp $< $@

# The tool links libwinnow.a: one self-contained binary, no library path to set.
$(BUILD)/winnow: $(CLI_OBJ) $(BUILD)/libwinnow.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libwinnow.a $(PKG_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libwinnow.a $(PKG_LIBS) $$(pkg-config --cflags --libs cmocka) $(LDLIBS)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 build

# The whole suite, once plainly and once under ASan+UBSan; the last line
# printed is "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory asan
	@sh tests/run.sh build build-asan

run: deps
	@$(MAKE) --no-print-directory build
	@mkdir -p out
	./$(BUILD)/winnow run --config pipeline.conf

eval: deps
	@$(MAKE) --no-print-directory build
	@EVAL_EXPLAIN="$(EVAL_EXPLAIN)" EVAL_KIND="$(EVAL_KIND)" EVAL_TYPE="$(EVAL_TYPE)" EVAL_WORST="$(EVAL_WORST)" \
	    sh tests/eval.sh $(BUILD)/winnow $(SHARED)/eval

same: deps
	@sh scripts/same.sh $(REF)

corpus:
	$(PYTHON) tools/mkwarc.py corpus/pages corpus/crawl.warc.gz

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) include/winnow/*.h $(wildcard src/*/*.h)

clean:
	rm -rf build build-asan out

# make install [PREFIX=/usr/local] [DESTDIR=]: the tool, the library (shared
# with its soname links, and static), the headers, winnow.pc, the man pages.
# Builds with the plain flags; run ldconfig after installing to a system
# directory.
install: $(BUILD)/winnow $(BUILD)/libwinnow.so $(BUILD)/libwinnow.a
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/winnow $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	$(INSTALL) -m 755 $(BUILD)/winnow $(DESTDIR)$(BINDIR)/winnow
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libwinnow.so
	$(INSTALL) -m 644 $(BUILD)/libwinnow.a $(DESTDIR)$(LIBDIR)/libwinnow.a
	$(INSTALL) -m 644 include/winnow/*.h $(DESTDIR)$(INCLUDEDIR)/winnow/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@EXEC_PREFIX@|$(EXEC_PREFIX)|; s|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|; s|@PKGS@|$(PKGS)|; s|@LIBS@|$(LDLIBS)|' \
	    winnow.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/winnow.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/winnow.pc
	$(INSTALL) -m 644 $(filter %.1,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/

# make install-python: the module and its stubs into PYTHONDIR (Debian's
# dist-packages under PREFIX), for Debian's python3.
install-python: python
	$(INSTALL) -d $(DESTDIR)$(PYTHONDIR)
	$(INSTALL) -m 644 $(PYMOD) $(BUILD)/python/winnow.pyi $(DESTDIR)$(PYTHONDIR)/

uninstall-python:
	rm -f $(DESTDIR)$(PYTHONDIR)/$(notdir $(PYMOD)) $(DESTDIR)$(PYTHONDIR)/winnow.pyi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/winnow $(DESTDIR)$(LIBDIR)/libwinnow.so* $(DESTDIR)$(LIBDIR)/libwinnow.a
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/winnow.pc
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(patsubst include/%,%,$(wildcard include/winnow/*.h)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/winnow 2>/dev/null
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MAN_PAGES))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MAN_PAGES))))

-include $(shell find $(BUILD) build-asan -name '*.d' 2>/dev/null)

# --- benchmarks (make bench) ------------------------------------------------
$(BUILD)/bench_extract: bench/bench_extract.c $(BUILD)/libwinnow.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libwinnow.a $(PKG_LIBS) $(LDLIBS)

bench: deps
	@$(MAKE) --no-print-directory build $(BUILD)/bench_extract $(BUILD)/bench_warc
	@sh bench/bench.sh $(BUILD) $(SHARED)/eval/pages
	@$(MAKE) --no-print-directory bench-python

# The Python module: 1 vs 2 threads, and in-Python vs winnow extract pages/s.
bench-python: deps
	@$(MAKE) --no-print-directory build python
	@$(DEB_PYTHON) bench/bench_python.py $(BUILD) $(SHARED)/eval/pages

$(BUILD)/bench_warc: bench/bench_warc.c $(BUILD)/libwinnow.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libwinnow.a $(PKG_LIBS) $(LDLIBS)

# --- fuzzing (make fuzz) -- owned by the hardening work; see docs/hardening.md
# Every tests/fuzz/fuzz_<parser>.c is a libFuzzer target. The library is
# compiled again with clang and the same sanitizers (coverage-instrumented),
# into $(FUZZ_BUILD)/ -- not the normal libwinnow.a. `make fuzz` builds
# each target it can and runs it FUZZ_SECONDS from tests/fuzz/seeds/<parser>/
# (working corpus in $(FUZZ_BUILD)/corpus/, crashes in $(FUZZ_BUILD)/artifacts/).
# FUZZ_TARGETS=extract,warc limits the run to those parsers.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -O1 -g -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) -MMD -MP $(FUZZ_SAN)
FUZZ_SRC      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS     = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_CXX     ?= clang++
FUZZ_LIB_OBJ  = $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(FUZZ_BUILD)/obj/%.o)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) -O1 -g -std=c++11 $(CXXWARN) -Iinclude -Isrc -MMD -MP $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libwinnow.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_BUILD)/libwinnow.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libwinnow.a $(PKG_LIBS) $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/libwinnow.a
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS=$(FUZZ_TARGETS) MAKE=$(MAKE) \
		sh tests/fuzz/run.sh

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

.PHONY: fuzz-build fuzz-clean
-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
# --- end of fuzzing block ----------------------------------------------------

# --- valgrind over the main job (also run by make test) ----------------------
valgrind: build
	sh tests/e2e/valgrind_run.sh
