#!/bin/bash
# The Debian package, as a user gets it: cpack builds nspath_VERSION_ARCH.deb
# from this build; it is unpacked into a scratch root (dpkg -x) and
#  - holds the program, libnspath shared (with its soname link) and static,
#    the headers, nspath.pc and the man page;
#  - its nspath prints the package's version (--version), and its help and
#    man page name every subcommand;
#  - `man -l` renders the page with groff's warnings on (-ww) and none comes;
#  - examples/test_routing.c builds against the unpacked files alone
#    (pkg-config on its nspath.pc, nothing from the build tree) and passes.
# usage: package.sh BUILD_DIR EXAMPLES_DIR
set -u
build=$(realpath "$1") examples=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; echo "FAIL cpack"; exit 1; }
deb=$(ls "$work"/out/nspath_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { cat "$work/cpack.log"; echo "FAIL no nspath_*.deb"; exit 1; }
version=$(dpkg-deb -f "$deb" Version) arch=$(dpkg-deb -f "$deb" Architecture)
[[ ${deb##*/} == "nspath_${version}_${arch}.deb" ]] || bad "package file name ${deb##*/}"
root=$work/root
dpkg -x "$deb" "$root"

need() { [[ -n $(cd "$root" && find . -path "$1" | head -1) ]] || bad "the package has no $1"; }
need './usr/bin/nspath'
need './usr/lib*/libnspath.so'
need "./usr/lib*/libnspath.so.${version%%.*}"
need "./usr/lib*/libnspath.so.$version"
need './usr/lib*/libnspath.a'
need './usr/include/nspath/core/backend.h'
need './usr/lib*/pkgconfig/nspath.pc'
need './usr/share/man/man1/nspath.1*'
need './usr/share/doc/nspath/LICENSE'

bin=$root/usr/bin/nspath
libdir=$(dirname "$(cd "$root" && find "$PWD" -name 'libnspath.so' | head -1)")
export LD_LIBRARY_PATH=$libdir
got=$("$bin" --version 2>&1) || bad "nspath --version exits $?"
[[ $got == *"$version"* ]] || bad "nspath --version says '$got', the package is $version"

man=$(cd "$root" && find "$PWD" -path '*/man1/nspath.1*' | head -1)
MANWIDTH=80 man -l "$man" >"$work/man.txt" 2>"$work/man.err" || bad "man -l exits $?"
[[ -s $work/man.err ]] && { bad "man -l warns:"; cat "$work/man.err"; }
zcat -f "$man" | groff -ww -man -Tutf8 >/dev/null 2>"$work/groff.err"
[[ -s $work/groff.err ]] && { bad "groff -ww warns:"; cat "$work/groff.err"; }
grep -q "$version" "$work/man.txt" || bad "the man page does not name version $version"
for sub in run check diff compare frames graph report clean; do
  grep -q "nspath $sub" "$work/man.txt" || bad "the man page does not document 'nspath $sub'"
  "$bin" help "$sub" >/dev/null 2>&1 || bad "nspath help $sub fails"
done

# test_routing.c against the unpacked files alone
pc=$(dirname "$(cd "$root" && find "$PWD" -name nspath.pc | head -1)")
export PKG_CONFIG_PATH=$pc
[[ $(pkg-config --modversion nspath) == "$version" ]] || bad "nspath.pc says $(pkg-config --modversion nspath)"
cc -std=c11 -Wall -Wextra -Werror -o "$work/test_routing" "$examples/test_routing.c" \
   $(pkg-config --cflags --libs nspath cmocka) || bad "examples/test_routing.c does not build"
if [[ -x $work/test_routing ]]; then
  [[ $(ldd "$work/test_routing" | awk '/libnspath/ {print $3}') == "$libdir"/* ]] ||
    bad "test_routing does not use the unpacked libnspath: $(ldd "$work/test_routing" | grep nspath)"
  "$work/test_routing" >"$work/t.out" 2>&1 || { cat "$work/t.out"; bad "examples/test_routing fails"; }
fi
[[ $fail -eq 0 ]] && echo "ok package ${deb##*/}"
exit $fail
