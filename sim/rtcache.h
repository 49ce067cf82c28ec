/* The input route cache (sim/rtcache.c): its slots, and the look at one
 * that a packet-hop makes inline (ip_route_in()). */
#ifndef SIM_RTCACHE_H
#define SIM_RTCACHE_H

#include "sim/sim.h"

#define SIM_RTC_SLOTS 16 /* a power of two */

typedef struct {
  uint64_t gen; /* 0: empty */
  uint32_t saddr, daddr;
  int iif;
  uint8_t tos;
  sim_rt_result res;
} sim_rtc_entry;

struct sim_rtcache {
  sim_rtc_entry e[SIM_RTC_SLOTS];
};

static inline sim_rtc_entry *sim_rtc_slot(struct sim_rtcache *c, int iif, uint32_t saddr,
                                          uint32_t daddr) {
  uint32_t h = (daddr ^ (saddr * 0x9e3779b1u) ^ (uint32_t)iif) * 0x85ebca6bu;
  return &c->e[h >> 28 & (SIM_RTC_SLOTS - 1)];
}

/* The answer kept for this key in this generation, or NULL.  It stays
 * valid until the next route input of the namespace: a caller that may
 * route another packet in between copies it. */
static inline const sim_rt_result *sim_rtcache_hit(sim_iface *in, uint32_t saddr, uint32_t daddr,
                                                   uint8_t tos) {
  struct sim_rtcache *c = in->ns->rtc;
  if (!c) return NULL;
  const sim_rtc_entry *e = sim_rtc_slot(c, in->ifindex, saddr, daddr);
  if (e->gen == in->ns->w->rt_genid && e->daddr == daddr && e->saddr == saddr &&
      e->iif == in->ifindex && e->tos == tos)
    return &e->res;
  return NULL;
}

#endif
