/* A routing table as a list of CIDR prefixes, one "A.B.C.D/LEN" a line,
 * plain or gzip-compressed (data/ipv4-tier1-2024.txt.gz in the repository): what
 * the bench and the tests load full tables from. */
#ifndef BENCH_RTABLE_H
#define BENCH_RTABLE_H

#include <glib.h>
#include <stdint.h>

typedef struct {
  uint32_t dst; /* host order, host bits clear */
  uint32_t plen;
} rtable_pfx;

/* NULL with *err ("FILE:LINE: what was wrong") when the file cannot be read
 * or a line is not a prefix. */
rtable_pfx *rtable_load(const char *path, size_t *n, GError **err);

#endif
