/* A world of 100,000 namespaces is some 400 MB of small objects from
 * malloc's main heap (brk).  On this machine's VM each first touch of a
 * 4 KiB page costs a fault, more than one a namespace, and the faults took
 * a sixth of `nspath run`'s time.  Memory marked MADV_HUGEPAGE is backed
 * by 2 MiB pages on Debian's kernels (transparent_hugepage "madvise", the
 * default; mm/huge_memory.c): 115,700 faults to 18,000 for that run (the
 * first 32 MiB, the mapped scenario and malloc's largest blocks, which it
 * maps apart, keep small pages).  glibc 2.35 can do it itself
 * (GLIBC_TUNABLES=glibc.malloc.hugetlb=1: madvise_thp() in malloc.c after
 * each sbrk), but reads its tunables only when a program starts, so the
 * program does the same between lines: the heap grows 64 MiB at a time
 * (M_TOP_PAD) and each step is advised before it is used.  Small runs are
 * left as they are; with THP "never" the advice is refused and ignored. */
#include "cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#define HEAP_HUGE (2u << 20)
#define HEAP_BIG (32u << 20) /* from this size of heap on */
#define HEAP_STEP (64u << 20)

void cli_heap_grow_huge(cli_heap *h) {
  static const uintptr_t align = HEAP_HUGE - 1;
  uintptr_t end = (uintptr_t)sbrk(0) & ~align;
  if (!h->start) h->start = end;
  if (!h->advised) {
    if (end - h->start < HEAP_BIG) return;
    mallopt(M_TOP_PAD, HEAP_STEP);
    h->advised = end;
    return;
  }
  if (end <= h->advised) return;
  madvise((void *)h->advised, end - h->advised, MADV_HUGEPAGE);
  h->advised = end;
}
