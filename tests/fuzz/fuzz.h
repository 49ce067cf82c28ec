/* What the libFuzzer harnesses of tests/fuzz/ share: the entry point
 * libFuzzer calls, the invariant check that turns a broken promise into a
 * crash (so libFuzzer keeps the input), and the check every frame put on a
 * wire must pass.  docs/fuzzing.md says what each harness feeds and asserts. */
#ifndef NSP_FUZZ_H
#define NSP_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant that does not hold: said on stderr, then abort(). */
#define FUZZ_ASSERT(cond, ...)                                    \
  do {                                                            \
    if (!(cond)) {                                                \
      fprintf(stderr, "fuzz invariant broken (%s:%d): ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                               \
      fputc('\n', stderr);                                        \
      abort();                                                    \
    }                                                             \
  } while (0)

/* A frame a simulated device put on a wire: its Ethernet header parses, an
 * ARP packet parses, an IPv4 header parses with a correct checksum and
 * fits in the frame; with l4_too, what an unfragmented packet carries
 * parses as well: ICMP with a correct checksum, UDP whose length is the
 * packet's, TCP, their checksums CHECKSUM_PARTIAL or right (the harnesses
 * that inject foreign bytes leave that out: a router forwards what it is
 * given).  Aborts otherwise. */
void fuzz_frame_check(const char *link, const uint8_t *frame, size_t len, bool l4_too);

/* Moves the process, once, into a fresh directory under $TMPDIR: a
 * scenario writes files where it runs (`tcpdump -w NAME`), and an input
 * must not write them into the source tree the fuzzer was started from. */
void fuzz_scratch_cwd(void);

#endif
