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

void sim_timerq_init(sim_timerq *q) { *q = (sim_timerq){0}; }

void sim_timerq_free(sim_timerq *q) {
  for (size_t i = 0; i < q->len; i++) q->heap[i].t->heap_idx = SIZE_MAX;
  for (size_t b = 0; q->bucket && b < SIM_TIMERQ_BUCKETS; b++) {
    for (size_t i = 0; i < q->bucket[b].len; i++) q->bucket[b].slot[i].t->heap_idx = SIZE_MAX;
    g_free(q->bucket[b].slot);
  }
  g_free(q->heap);
  g_free(q->bucket);
  g_free(q->used);
  sim_timerq_init(q);
}

bool sim_timer_before(const sim_timer *a, const sim_timer *b) {
  return a->expires < b->expires || (a->expires == b->expires && a->seq < b->seq);
}

/* ---- the heap ------------------------------------------------------------ */

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

static void heap_push(sim_timerq *q, sim_timer_slot s) {
  if (q->len == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 64;
    q->heap = g_renew(sim_timer_slot, q->heap, q->cap);
  }
  heap_place(q, q->len, s);
  heap_sift_up(q, q->len++);
}

static void heap_remove(sim_timerq *q, size_t i) {
  sim_timer_slot last = q->heap[--q->len];
  if (i == q->len) return;
  heap_place(q, i, last);
  heap_sift_up(q, i);
  heap_sift_down(q, last.t->heap_idx);
}

/* ---- the buckets ----------------------------------------------------------- */

#define TQ_MASK (SIM_TIMERQ_BUCKETS - 1)

static size_t tq_index(uint64_t bucket) { return (size_t)(bucket & TQ_MASK); }

/* Whether t's expiry falls in the ring after the horizon. */
static bool tq_bucketed(const sim_timerq *q, uint64_t expires) {
  if (expires < q->horizon) return false;
  return (expires >> SIM_TIMERQ_SHIFT) - (q->horizon >> SIM_TIMERQ_SHIFT) < SIM_TIMERQ_BUCKETS;
}

static void bucket_add(sim_timerq *q, sim_timer_slot s) {
  if (!q->bucket) {
    q->bucket = g_new0(sim_timer_bucket, SIM_TIMERQ_BUCKETS);
    q->used = g_new0(uint64_t, SIM_TIMERQ_BUCKETS / 64);
  }
  uint64_t b = s.expires >> SIM_TIMERQ_SHIFT;
  size_t i = tq_index(b);
  sim_timer_bucket *k = &q->bucket[i];
  if (k->len == k->cap) {
    k->cap = k->cap ? k->cap * 2 : 8;
    k->slot = g_renew(sim_timer_slot, k->slot, k->cap);
  }
  k->slot[k->len] = s;
  s.t->heap_idx = SIM_TIMER_BUCKET | k->len++;
  q->used[i / 64] |= 1ULL << (i % 64);
  if (!q->in_buckets++ || b < q->next_lb) q->next_lb = b;
}

static void bucket_del(sim_timerq *q, sim_timer *t) {
  uint64_t b = t->expires >> SIM_TIMERQ_SHIFT;
  size_t i = tq_index(b), at = t->heap_idx & ~SIM_TIMER_BUCKET;
  sim_timer_bucket *k = &q->bucket[i];
  sim_timer_slot last = k->slot[--k->len];
  if (at != k->len) {
    k->slot[at] = last;
    last.t->heap_idx = SIM_TIMER_BUCKET | at;
  }
  q->in_buckets--;
  if (!k->len) q->used[i / 64] &= ~(1ULL << (i % 64)); /* next_lb stays a bound */
}

/* The earliest non-empty bucket's number: the ring read from the bound on
 * (no bucket before it holds a timer), a word of the bitmap at a time (the
 * caller knows one is not empty). */
static uint64_t bucket_next(sim_timerq *q) {
  uint64_t hb = q->horizon >> SIM_TIMERQ_SHIFT;
  uint64_t start = q->next_lb > hb ? q->next_lb : hb;
  size_t from = tq_index(start), w = from / 64;
  uint64_t word = q->used[w] & (~0ULL << (from % 64));
  size_t words = SIM_TIMERQ_BUCKETS / 64;
  for (size_t n = 0; !word && n < words; n++) {
    w = (w + 1) % words;
    word = q->used[w];
  }
  size_t i = w * 64 + (size_t)__builtin_ctzll(word);
  q->next_lb = start + ((i - from) & TQ_MASK);
  return q->next_lb;
}

/* The horizon passes bucket b: its timers enter the heap. */
static void bucket_drain(sim_timerq *q, uint64_t b) {
  q->horizon = (b + 1) << SIM_TIMERQ_SHIFT;
  size_t i = tq_index(b);
  sim_timer_bucket *k = &q->bucket[i];
  for (uint32_t n = 0; n < k->len; n++) heap_push(q, k->slot[n]);
  q->in_buckets -= k->len;
  /* the ring comes back to this bucket 4,398 s later, if ever: kept, the
   * arrays would grow to every timer ever armed */
  g_free(k->slot);
  *k = (sim_timer_bucket){0};
  q->used[i / 64] &= ~(1ULL << (i % 64));
}

/* ---- the queue --------------------------------------------------------------- */

sim_timer *sim_timerq_peek_slow(sim_timerq *q) {
  while (q->in_buckets) {
    uint64_t b = bucket_next(q);
    /* every bucketed timer is due at or after its bucket's start */
    if (q->len && q->heap[0].expires < b << SIM_TIMERQ_SHIFT) break;
    bucket_drain(q, b);
  }
  return q->len ? q->heap[0].t : NULL;
}

void sim_timerq_cancel(sim_timerq *q, sim_timer *t) {
  size_t i = t->heap_idx;
  if (i == SIZE_MAX) return;
  if (i & SIM_TIMER_BUCKET) bucket_del(q, t);
  else heap_remove(q, i);
  t->heap_idx = SIZE_MAX;
}

uint64_t sim_timerq_next_seq(sim_timerq *q) { return q->seq++; }

void sim_timerq_arm(sim_timerq *q, sim_timer *t, uint64_t expires) {
  sim_timerq_arm_seq(q, t, expires, q->seq++);
}

void sim_timerq_arm_seq(sim_timerq *q, sim_timer *t, uint64_t expires, uint64_t seq) {
  sim_timerq_cancel(q, t);
  t->expires = expires;
  t->seq = seq;
  sim_timer_slot s = {.expires = expires, .seq = seq, .t = t};
  if (tq_bucketed(q, expires)) bucket_add(q, s);
  else heap_push(q, s); /* before the horizon, or past the ring */
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
