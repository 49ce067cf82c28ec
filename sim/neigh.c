/* The neighbour state machine of net/core/neighbour.c with ARP's defaults
 * (net/ipv4/arp.c arp_tbl): ucast_probes 3, mcast_probes 3, app_probes 0,
 * mcast_reprobes 0, retrans_time 1 s, delay_first_probe_time 5 s,
 * base_reachable_time 30 s, locktime 1 s, unres_qlen_bytes SK_WMEM_MAX.
 *
 * So an unresolved address gets 3 broadcast requests 1 s apart and fails at
 * 3 s, each queued packet then bouncing as Host Unreachable
 * (arp_error_report -> ipv4_link_failure); an entry learnt from a request
 * is STALE, its first use moves it to DELAY, and 5 s later, unless a reply
 * confirmed it, to PROBE with up to 3 unicast requests. */
#include <errno.h>
#include <string.h>

#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

#define NS_PER_S 1000000000ULL
#define NEIGH_RETRANS (1 * NS_PER_S)
#define NEIGH_DELAY_PROBE (5 * NS_PER_S)
#define NEIGH_UCAST_PROBES 3
#define NEIGH_MCAST_PROBES 3
#define NEIGH_BASE_REACHABLE (30 * NS_PER_S)
#define NEIGH_QUEUE_BYTES (212992u) /* SK_WMEM_MAX */
#define NUD_IN_TIMER (NSP_NUD_INCOMPLETE | NSP_NUD_REACHABLE | NSP_NUD_DELAY | NSP_NUD_PROBE)
#define NUD_VALID                                                                          \
  (NSP_NUD_PERMANENT | NSP_NUD_NOARP | NSP_NUD_REACHABLE | NSP_NUD_PROBE | NSP_NUD_STALE | \
   NSP_NUD_DELAY)
#define NUD_CONNECTED (NSP_NUD_PERMANENT | NSP_NUD_NOARP | NSP_NUD_REACHABLE)

static void neigh_timer_handler(sim_timer *t, void *ctx);

static uint64_t neigh_now(const sim_neigh *n) { return n->dev->ns->w->now; }
static sim_timerq *neigh_timers(const sim_neigh *n) { return &n->dev->ns->w->timers; }

/* The device's last neighbour is looked at first: a veth mostly talks to
 * its peer alone.  The table itself exists once a neighbour does. */
sim_neigh *sim_neigh_lookup(sim_iface *dev, uint32_t ip, bool create) {
  sim_neigh *n = dev->neigh_last;
  if (n && n->ip == ip) return n;
  n = dev->neighs ? g_hash_table_lookup(dev->neighs, GUINT_TO_POINTER(ip)) : NULL;
  if (n || !create) {
    if (n) dev->neigh_last = n;
    return n;
  }
  n = g_new0(sim_neigh, 1);
  n->dev = dev;
  n->ip = ip;
  uint64_t now = dev->ns->w->now;
  n->updated = n->used = now;
  /* neigh_alloc(): "confirmed" starts far enough in the past */
  n->confirmed = now > 2 * NEIGH_BASE_REACHABLE ? now - 2 * NEIGH_BASE_REACHABLE : 0;
  sim_timer_init(&n->timer, neigh_timer_handler, n);
  if (!dev->neighs) dev->neighs = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_hash_table_insert(dev->neighs, GUINT_TO_POINTER(ip), n);
  dev->neigh_last = n;
  return n;
}

static sim_world *neigh_world(const sim_neigh *n) { return n->dev->ns->w; }

static void neigh_queue_purge(sim_neigh *n) {
  sim_pktq_purge(neigh_world(n), &n->queue);
  n->queue_bytes = 0;
}

void sim_neigh_free(sim_neigh *n) {
  if (n->dev->neigh_last == n) n->dev->neigh_last = NULL;
  sim_timerq_cancel(neigh_timers(n), &n->timer);
  neigh_queue_purge(n);
  g_free(n);
}

/* neigh_flush_dev(): the device's entries go (its PERMANENT ones stay when
 * skip_perm, as a carrier loss leaves them), their queued packets dropped
 * without a word. */
void sim_neigh_flush_dev(sim_iface *dev, bool skip_perm) {
  GHashTableIter it;
  gpointer v;
  if (!dev->neighs) return;
  g_hash_table_iter_init(&it, dev->neighs);
  while (g_hash_table_iter_next(&it, NULL, &v)) {
    if (skip_perm && (((sim_neigh *)v)->state & NSP_NUD_PERMANENT)) continue;
    sim_neigh_free(v);
    g_hash_table_iter_remove(&it);
  }
}

static void neigh_xmit(sim_neigh *n, const uint8_t *pkt, size_t len) {
  sim_ether_output(n->dev, &n->ha, ETHER_TYPE_IPV4, pkt, len);
}

static uint32_t neigh_queue_tail_saddr(const sim_neigh *n) {
  const sim_pkt *b = n->queue.tail;
  ipv4_hdr h;
  if (b && ipv4_hdr_parse(b->data, b->len, &h) == PROTO_OK) return h.saddr;
  return 0;
}

static int neigh_max_probes(const sim_neigh *n);

/* neigh_probe(): one solicitation, counted. */
static void neigh_probe(sim_neigh *n) {
  bool unicast = n->probes < NEIGH_UCAST_PROBES; /* arp_solicit(): probes - ucast_probes < 0 */
  /* which request this is, for the journal: INCOMPLETE counts from
   * ucast_probes up to neigh_max_probes(), PROBE from 0 */
  int first = n->state & NSP_NUD_INCOMPLETE ? NEIGH_UCAST_PROBES : 0;
  sim_journal_solicit(n, n->probes - first + 1, neigh_max_probes(n) - first,
                      unicast && (n->state & NUD_VALID));
  sim_arp_solicit(n, neigh_queue_tail_saddr(n), unicast && (n->state & NUD_VALID));
  sim_journal_solicit_end(n->dev->ns->w);
  n->probes++;
}

static int neigh_max_probes(const sim_neigh *n) {
  return NEIGH_UCAST_PROBES + (n->state & NSP_NUD_PROBE ? 0 : NEIGH_MCAST_PROBES);
}

/* neigh_invalidate(): every waiting packet is reported back as Host
 * Unreachable, through arp_error_report() -> ipv4_link_failure(). */
static void neigh_invalidate(sim_neigh *n) {
  n->updated = neigh_now(n);
  sim_pkt *b;
  while (n->state == NSP_NUD_FAILED && (b = sim_pktq_pop(&n->queue))) {
    n->queue_bytes -= b->len;
    sim_trace_arp(n->dev, n->ip, b->data, b->len, SIM_TRACE_ARP_FAILED);
    sim_icmp_send_error(n->dev->ns, NULL, b->data, b->len, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH,
                        false);
    sim_pkt_put(neigh_world(n), b);
  }
  neigh_queue_purge(n);
}

/* mod_timer(&n->timer, when), with the timer wheel's rounding */
static void neigh_arm(sim_neigh *n, uint64_t when) {
  uint64_t now = neigh_now(n);
  uint64_t fire = sim_timer_wheel_expiry(now, when > now ? when - now : 0);
  sim_timerq_arm(neigh_timers(n), &n->timer, fire);
}

static void neigh_timer_handler(sim_timer *t, void *ctx) {
  sim_neigh *n = ctx;
  uint64_t now = neigh_now(n), next = now + NS_PER_S;
  unsigned state = n->state;
  if (!(state & NUD_IN_TIMER)) return;
  if (state & NSP_NUD_REACHABLE) {
    if (now <= n->confirmed + n->dev->reachable_time) {
      next = n->confirmed + n->dev->reachable_time;
    } else if (now <= n->used + NEIGH_DELAY_PROBE) {
      n->state = NSP_NUD_DELAY;
      n->updated = now;
      next = now + NEIGH_DELAY_PROBE;
    } else {
      n->state = NSP_NUD_STALE;
      n->updated = now;
    }
  } else if (state & NSP_NUD_DELAY) {
    if (now <= n->confirmed + NEIGH_DELAY_PROBE) {
      n->state = NSP_NUD_REACHABLE;
      n->updated = now;
      next = n->confirmed + n->dev->reachable_time;
    } else {
      n->state = NSP_NUD_PROBE;
      n->updated = now;
      n->probes = 0;
      next = now + NEIGH_RETRANS;
    }
  } else {
    next = now + NEIGH_RETRANS; /* PROBE, INCOMPLETE */
  }
  if ((n->state & (NSP_NUD_INCOMPLETE | NSP_NUD_PROBE)) && n->probes >= neigh_max_probes(n)) {
    n->state = NSP_NUD_FAILED;
    neigh_invalidate(n);
    return;
  }
  /* "if (time_before(next, jiffies + HZ/100)) next = jiffies + HZ/100" */
  if (next < now + NS_PER_S / 100) next = now + NS_PER_S / 100;
  if (n->state & NUD_IN_TIMER) neigh_arm(n, next);
  if (n->state & (NSP_NUD_INCOMPLETE | NSP_NUD_PROBE)) neigh_probe(n);
}

static void neigh_queue(sim_neigh *n, const uint8_t *pkt, size_t len) {
  while (n->queue_bytes + len > NEIGH_QUEUE_BYTES && n->queue.head) {
    sim_pkt *old = sim_pktq_pop(&n->queue);
    n->queue_bytes -= old->len;
    n->dev->ns->cnt.drops[SIM_DROP_NEIGH_QUEUE]++;
    sim_trace_drop(n->dev->ns, n->dev, old->data, old->len, SIM_DROP_NEIGH_QUEUE, NULL);
    sim_pkt_put(neigh_world(n), old);
  }
  sim_pkt *b = sim_pkt_get(neigh_world(n), len);
  memcpy(b->data, pkt, len);
  sim_pktq_push(&n->queue, b);
  n->queue_bytes += len;
  sim_trace_arp(n->dev, n->ip, pkt, len, SIM_TRACE_ARP_WAIT);
}

/* __neigh_event_send() from NONE or FAILED: INCOMPLETE, the first
 * request at once; pkt (NULL: none) waits for the answer */
static void neigh_start(sim_neigh *n, const uint8_t *pkt, size_t len) {
  uint64_t now = neigh_now(n);
  n->probes = NEIGH_UCAST_PROBES;
  n->state = NSP_NUD_INCOMPLETE;
  n->updated = now;
  neigh_arm(n, now + NEIGH_RETRANS);
  if (pkt) neigh_queue(n, pkt, len);
  neigh_probe(n);
}

bool sim_neigh_valid(const sim_neigh *n) { return (n->state & NUD_VALID) != 0; }

/* neigh_event_send(n, NULL) for an entry that is not valid
 * (__ip_do_redirect()): resolution starts unless it runs already */
void sim_neigh_event_send(sim_neigh *n) {
  n->used = neigh_now(n);
  if (!(n->state & (NUD_VALID | NSP_NUD_INCOMPLETE))) neigh_start(n, NULL, 0);
}

/* neigh_resolve_output() -> __neigh_event_send() */
void sim_neigh_output(sim_iface *dev, uint32_t nexthop, const uint8_t *pkt, size_t len) {
  sim_neigh *n = sim_neigh_lookup(dev, nexthop, true);
  uint64_t now = neigh_now(n);
  n->used = now;
  if (n->state & (NUD_CONNECTED | NSP_NUD_DELAY | NSP_NUD_PROBE)) {
    neigh_xmit(n, pkt, len);
    return;
  }
  if (!(n->state & (NSP_NUD_STALE | NSP_NUD_INCOMPLETE))) {
    neigh_start(n, pkt, len);
    return;
  }
  if (n->state & NSP_NUD_STALE) {
    n->state = NSP_NUD_DELAY;
    n->updated = now;
    neigh_arm(n, now + NEIGH_DELAY_PROBE);
    neigh_xmit(n, pkt, len);
    return;
  }
  neigh_queue(n, pkt, len); /* INCOMPLETE */
}

/* neigh_output() -> neigh_hh_output() (include/net/neighbour.h): the
 * kernel copies the neighbour's cached hardware header in front of the
 * packet; here the frame is built where it will cross the wire, so a
 * forwarded packet is copied once, from the ring to the ring
 * (ip_forward()).  Taken only where sim_neigh_output() would send at once
 * (an entry that exists, valid for sending) through sim_ether_output()
 * (no bridge, a carrier: else the slow path drops and counts), with the
 * same effects: the entry used now, the frame reserved. */
uint8_t *sim_neigh_hh_reserve(sim_iface *dev, uint32_t nexthop, size_t len) {
  sim_neigh *n = dev->neigh_last; /* sim_neigh_lookup()'s first look, inline */
  if (!n || n->ip != nexthop) n = sim_neigh_lookup(dev, nexthop, false);
  if (!n || !(n->state & (NUD_CONNECTED | NSP_NUD_DELAY | NSP_NUD_PROBE)) || dev->br ||
      !sim_iface_carrier(dev))
    return NULL;
  n->used = neigh_now(n);
  uint8_t *f = sim_wire_reserve(&dev->ns->w->wire, ETHER_HDR_LEN + len);
  ether_hdr h = {.dst = n->ha, .src = dev->mac, .type = ETHER_TYPE_IPV4};
  ether_hdr_emit(&h, f, ETHER_HDR_LEN + len);
  return f + ETHER_HDR_LEN;
}

/* The part of __neigh_update() for a valid new state and a known address:
 * the entry was valid with another address and there is no override
 * (leave it), "if entry was valid and address is not changed, do not change
 * entry state, if new one is STALE" (not for the administrator), the timer,
 * and the packets that waited for the address sent. */
static void neigh_update_valid(sim_neigh *n, const ether_addr *ha, unsigned state, bool override,
                               bool admin) {
  uint64_t now = neigh_now(n);
  unsigned old = n->state;
  bool same_ha = (old & NUD_VALID) && ether_addr_eq(ha, &n->ha);
  if (state & NUD_CONNECTED) n->confirmed = now;
  if (old & NUD_VALID) {
    if (!same_ha && !override) return;
    if (same_ha && state == NSP_NUD_STALE && !admin) state = old;
  }
  if (state != old || !same_ha) n->updated = now;
  if (state != old) {
    sim_timerq_cancel(neigh_timers(n), &n->timer);
    if (state & NSP_NUD_PROBE) n->probes = 0;
    if (state & NUD_IN_TIMER)
      neigh_arm(n, now + (state & NSP_NUD_REACHABLE ? n->dev->reachable_time : 0));
    n->state = state;
  }
  if (!same_ha) {
    n->ha = *ha;
    if (!(state & NUD_CONNECTED))
      n->confirmed = now > 2 * NEIGH_BASE_REACHABLE ? now - 2 * NEIGH_BASE_REACHABLE : 0;
  }
  if (state == old) return;
  if (!(old & NUD_VALID)) {
    sim_pkt *b;
    while ((n->state & NUD_VALID) && (b = sim_pktq_pop(&n->queue))) {
      n->queue_bytes -= b->len;
      sim_trace_arp(n->dev, n->ip, b->data, b->len, SIM_TRACE_ARP_DONE);
      neigh_xmit(n, b->data, b->len);
      sim_pkt_put(neigh_world(n), b);
    }
    neigh_queue_purge(n);
  }
}

/* __neigh_update() for the flags ARP uses: without NEIGH_UPDATE_F_ADMIN a
 * PERMANENT or NOARP entry stays as it is (-EPERM). */
void sim_neigh_update(sim_neigh *n, const ether_addr *ha, unsigned state, bool override) {
  if (n->state & (NSP_NUD_NOARP | NSP_NUD_PERMANENT)) return;
  neigh_update_valid(n, ha, state, override, false);
}

/* __neigh_update() with NEIGH_UPDATE_F_ADMIN, as neigh_add() and
 * neigh_delete() call it (ha NULL: no lladdr given).  Returns EINVAL, "No
 * link layer address given", when a valid state has no address to use. */
int sim_neigh_admin_update(sim_neigh *n, const ether_addr *ha, unsigned state, bool override) {
  unsigned old = n->state;
  if (!(state & NUD_VALID)) {
    sim_timerq_cancel(neigh_timers(n), &n->timer);
    n->state = state;
    /* a resolution given up: the packets that waited bounce */
    if ((old & (NSP_NUD_INCOMPLETE | NSP_NUD_PROBE)) && (state & NSP_NUD_FAILED)) neigh_invalidate(n);
    return 0;
  }
  if (!ha) {
    if (!(old & NUD_VALID)) return EINVAL;
    ha = &n->ha;
  }
  neigh_update_valid(n, ha, state, override, true);
  return 0;
}
