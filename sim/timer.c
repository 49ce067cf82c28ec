#include "sim/timer.h"

#include <glib.h>

void sim_timer_init(sim_timer *t, sim_timer_fn fn, void *owner) {
  t->expires = 0;
  t->seq = 0;
  t->heap_idx = SIZE_MAX;
  t->fn = fn;
  t->owner = owner;
}

bool sim_timer_pending(const sim_timer *t) { return t->heap_idx != SIZE_MAX; }

void sim_timerq_init(sim_timerq *q) {
  q->heap = NULL;
  q->len = q->cap = 0;
  q->seq = 0;
}

void sim_timerq_free(sim_timerq *q) {
  for (size_t i = 0; i < q->len; i++) q->heap[i].t->heap_idx = SIZE_MAX;
  g_free(q->heap);
  sim_timerq_init(q);
}

bool sim_timer_before(const sim_timer *a, const sim_timer *b) {
  return a->expires < b->expires || (a->expires == b->expires && a->seq < b->seq);
}

static bool slot_before(const sim_timer_slot *a, const sim_timer_slot *b) {
  return a->expires < b->expires || (a->expires == b->expires && a->seq < b->seq);
}

static void heap_place(sim_timerq *q, size_t i, sim_timer_slot s) {
  q->heap[i] = s;
  s.t->heap_idx = i;
}

static void heap_sift_up(sim_timerq *q, size_t i) {
  sim_timer_slot s = q->heap[i];
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!slot_before(&s, &q->heap[parent])) break;
    heap_place(q, i, q->heap[parent]);
    i = parent;
  }
  heap_place(q, i, s);
}

static void heap_sift_down(sim_timerq *q, size_t i) {
  sim_timer_slot s = q->heap[i];
  for (;;) {
    size_t l = 2 * i + 1, best = i;
    const sim_timer_slot *bs = &s;
    if (l < q->len && slot_before(&q->heap[l], bs)) best = l, bs = &q->heap[l];
    if (l + 1 < q->len && slot_before(&q->heap[l + 1], bs)) best = l + 1;
    if (best == i) break;
    heap_place(q, i, q->heap[best]);
    i = best;
  }
  heap_place(q, i, s);
}

void sim_timerq_cancel(sim_timerq *q, sim_timer *t) {
  size_t i = t->heap_idx;
  if (i == SIZE_MAX) return;
  t->heap_idx = SIZE_MAX;
  sim_timer_slot last = q->heap[--q->len];
  if (i == q->len) return;
  heap_place(q, i, last);
  heap_sift_up(q, i);
  heap_sift_down(q, last.t->heap_idx);
}

uint64_t sim_timerq_next_seq(sim_timerq *q) { return q->seq++; }

void sim_timerq_arm(sim_timerq *q, sim_timer *t, uint64_t expires) {
  sim_timerq_arm_seq(q, t, expires, q->seq++);
}

void sim_timerq_arm_seq(sim_timerq *q, sim_timer *t, uint64_t expires, uint64_t seq) {
  sim_timerq_cancel(q, t);
  if (q->len == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 64;
    q->heap = g_renew(sim_timer_slot, q->heap, q->cap);
  }
  t->expires = expires;
  t->seq = seq;
  heap_place(q, q->len++, (sim_timer_slot){.expires = expires, .seq = seq, .t = t});
  heap_sift_up(q, t->heap_idx);
}

sim_timer *sim_timerq_pop_due(sim_timerq *q, uint64_t now) {
  sim_timer *t = sim_timerq_peek(q);
  if (!t || t->expires > now) return NULL;
  sim_timerq_cancel(q, t);
  return t;
}

#define JIFFY_NS 4000000ULL
#define WHEEL_LVL_BITS 6
#define WHEEL_CLK_SHIFT 3

uint64_t sim_timer_wheel_expiry(uint64_t now, uint64_t delay) {
  uint64_t clk = now / JIFFY_NS;
  uint64_t expires = clk + (delay + JIFFY_NS - 1) / JIFFY_NS; /* msecs_to_jiffies() */
  uint64_t d = expires - clk;
  unsigned lvl = 0;
  /* calc_wheel_index(): LVL_START(n) = 63 << 3(n-1) */
  while (lvl < 8 && d >= ((1ULL << WHEEL_LVL_BITS) - 1) << (WHEEL_CLK_SHIFT * lvl)) lvl++;
  unsigned shift = WHEEL_CLK_SHIFT * lvl;
  uint64_t bucket = ((expires >> shift) + 1) << shift; /* calc_index(): never early */
  return bucket * JIFFY_NS;
}
