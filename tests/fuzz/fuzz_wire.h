/* fuzz_wire's worlds (tests/fuzz/fuzz_wire_worlds.c) and what the harness
 * does in some of them. */
#ifndef NSP_FUZZ_WIRE_H
#define NSP_FUZZ_WIRE_H

#include <stddef.h>

enum {
  WIRE_WORLD_SOCKETS = 4, /* the router with an echo server and its clients */
  WIRE_WORLD_BRIDGE = 5,  /* three hosts on a bridge */
  WIRE_WORLD_NAT = 6,     /* a router doing MASQUERADE and DNAT, servers on both sides */
};

extern const char *const wire_worlds[];
extern const size_t wire_nworlds;

#endif
