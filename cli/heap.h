/* The program's heap, grown in huge pages while a big scenario runs. */
#ifndef CLI_HEAP_H
#define CLI_HEAP_H

#include <stdint.h>

typedef struct {
  uintptr_t start;   /* the break when first called */
  uintptr_t advised; /* the heap is advised up to here (0: not yet big) */
} cli_heap;

/* Called now and then while a world is built (between lines): once the
 * heap passes a few tens of megabytes, it grows in large steps and what it
 * has grown by is marked for transparent huge pages. */
void cli_heap_grow_huge(cli_heap *h);

#endif
