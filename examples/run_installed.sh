#!/bin/bash
# Installs libnspath into a temporary prefix, builds examples/test_routing.c
# against it with pkg-config alone, and runs it.
# usage: run_installed.sh BUILD_DIR EXAMPLES_DIR
set -eu
build=$1 examples=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(dirname "$(find "$prefix" -name nspath.pc | head -1)")
export PKG_CONFIG_PATH=$pc
cc -std=c11 -Wall -Wextra -Werror -o "$prefix/test_routing" "$examples/test_routing.c" \
   $(pkg-config --cflags --libs nspath cmocka)
LD_LIBRARY_PATH=$(pkg-config --variable=libdir nspath) "$prefix/test_routing"
