# Thin wrapper around meson: the README's commands.
BUILDDIR ?= build
MESON_OPTIONS ?= -Dprofile=development

.PHONY: all deps build demo check bench format clean

all: build

deps:
	@tools/install-deps

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTIONS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

demo: build
	tools/demo $(BUILDDIR)

check: build
	tools/check $(BUILDDIR)

bench: build
	tools/bench $(BUILDDIR)

format:
	find src tests -name '*.[ch]' -print0 | xargs -0 clang-format -i

clean:
	rm -rf $(BUILDDIR)
