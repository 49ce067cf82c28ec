/* The world's packet buffers for packets waiting for a neighbour to
 * resolve (frames on the wires have their ring, wire.c).  A buffer given back goes to a free
 * list and is taken again by the next packet, so once the pool has grown to
 * the most packets ever in flight at once the per-packet path allocates
 * nothing (the kernel's skb caches play that part). */
#include <string.h>

#include "sim/sim.h"

sim_pkt *sim_pkt_get(sim_world *w, size_t len) {
  sim_pkt *p = w->pkt_pool;
  if (p) {
    w->pkt_pool = p->next;
  } else {
    p = g_new(sim_pkt, 1);
    p->data = p->buf;
  }
  p->next = NULL;
  /* a packet over the inline room (a jumbo frame, a ping -s 65507 waiting
   * for ARP before fragmentation) has its own block until it comes back */
  if (len > sizeof p->buf) p->data = g_malloc(len);
  p->len = len;
  return p;
}

void sim_pkt_put(sim_world *w, sim_pkt *p) {
  if (p->data != p->buf) g_free(p->data);
  p->data = p->buf;
  p->next = w->pkt_pool;
  w->pkt_pool = p;
}

void sim_pktq_push(sim_pktq *q, sim_pkt *p) {
  p->next = NULL;
  if (q->tail) q->tail->next = p;
  else q->head = p;
  q->tail = p;
}

sim_pkt *sim_pktq_pop(sim_pktq *q) {
  sim_pkt *p = q->head;
  if (!p) return NULL;
  q->head = p->next;
  if (!q->head) q->tail = NULL;
  p->next = NULL;
  return p;
}

void sim_pktq_purge(sim_world *w, sim_pktq *q) {
  sim_pkt *p;
  while ((p = sim_pktq_pop(q))) sim_pkt_put(w, p);
}

void sim_pkt_pool_free(sim_world *w) {
  while (w->pkt_pool) {
    sim_pkt *p = w->pkt_pool;
    w->pkt_pool = p->next;
    g_free(p);
  }
}
