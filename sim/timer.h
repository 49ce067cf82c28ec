/* Virtual time: timers ordered by (expiry, insertion sequence), so two
 * timers due at the same instant fire in the order they were armed and
 * every run of a scenario is identical.  Timers are embedded in their
 * owners, like the kernel's struct timer_list.
 *
 * The queue is a small binary min-heap of the timers due before a horizon
 * and, after it, buckets of 2^30 ns (about a second) in a ring that
 * reaches 4,398 s ahead, as the kernel's timer wheel (kernel/time/timer.c)
 * keeps its far timers in lists by their granularity instead of in one
 * ordered structure.  A bucket's timers enter the heap when the horizon
 * reaches them, so the order they fire in is the heap's, exactly; arming
 * and cancelling a far timer is a list operation.  A world of 100,000
 * namespaces keeps some 300,000 timers armed (IPv6's router
 * solicitations run for an hour); in one heap each of the two million
 * firings cost some twenty levels of cache misses (sim_timerq_cancel() was
 * an eighth of `nspath run`'s time). */
#ifndef SIM_TIMER_H
#define SIM_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_timer sim_timer;
typedef void (*sim_timer_fn)(sim_timer *t, void *ctx);

struct sim_timer {
  uint64_t expires;
  uint64_t seq;
  size_t heap_idx;  /* SIZE_MAX when not armed; the heap's slot, or
                       SIM_TIMER_BUCKET | the slot in its bucket */
  sim_timer_fn fn;
  void *owner;      /* passed to fn */
};

#define SIM_TIMER_BUCKET ((size_t)1 << 62)
#define SIM_TIMERQ_SHIFT 30        /* a bucket: 2^30 ns */
#define SIM_TIMERQ_BUCKETS 4096    /* the ring: 4,398 s */

/* A heap slot keeps its timer's key beside the pointer: a sift compares
 * slots of the one array instead of following pointers to timers spread
 * over the whole world (with 100,000 namespaces, a fifth of `nspath run`'s
 * time went to those comparisons, each a cache miss). */
typedef struct {
  uint64_t expires;
  uint64_t seq;
  sim_timer *t;
} sim_timer_slot;

/* A bucket: its timers' slots, in no order.  An array rather than the
 * wheel's list: the heap takes a bucket's slots without reading the timers
 * (a list's walk was a chain of cache misses, one timer after another). */
typedef struct {
  sim_timer_slot *slot;
  uint32_t len, cap;
} sim_timer_bucket;

typedef struct {
  sim_timer_slot *heap; /* the timers due before horizon, and the very far */
  size_t len, cap;
  uint64_t seq;
  uint64_t horizon;     /* a bucket's start: the buckets hold timers from it on */
  sim_timer_bucket *bucket; /* SIM_TIMERQ_BUCKETS (made on first use) */
  uint64_t *used;       /* a bit per non-empty bucket */
  size_t in_buckets;
  uint64_t next_lb;     /* no non-empty bucket's number is below it */
} sim_timerq;

void sim_timer_init(sim_timer *t, sim_timer_fn fn, void *owner);
bool sim_timer_pending(const sim_timer *t);
/* The order timers fire in: expiry, then the order they were armed. */
bool sim_timer_before(const sim_timer *a, const sim_timer *b);

void sim_timerq_init(sim_timerq *q);
void sim_timerq_free(sim_timerq *q);
/* (Re)arms t to fire at `expires`. */
void sim_timerq_arm(sim_timerq *q, sim_timer *t, uint64_t expires);
void sim_timerq_cancel(sim_timerq *q, sim_timer *t);
/* The place a timer armed now would take among those due at one instant;
 * sim_timerq_arm_seq() arms a timer with a place taken earlier. */
uint64_t sim_timerq_next_seq(sim_timerq *q);
void sim_timerq_arm_seq(sim_timerq *q, sim_timer *t, uint64_t expires, uint64_t seq);
/* Earliest timer or NULL; does not remove it (it may move the horizon). */
sim_timer *sim_timerq_peek_slow(sim_timerq *q);
static inline sim_timer *sim_timerq_peek(sim_timerq *q) {
  /* the heap's first when no bucket can hold an earlier one: every event
   * of a packet's hop asks, and almost always gets this answer */
  if (q->in_buckets && !(q->len && q->heap[0].expires < q->next_lb << SIM_TIMERQ_SHIFT))
    return sim_timerq_peek_slow(q);
  return q->len ? q->heap[0].t : NULL;
}
/* Removes and returns the earliest timer if it is due at or before `now`. */
sim_timer *sim_timerq_pop_due(sim_timerq *q, uint64_t now);
/* When a kernel timer (struct timer_list) armed at `now` for `delay` fires:
 * the timer wheel of kernel/time/timer.c counts jiffies (CONFIG_HZ=250 on
 * Debian, 4 ms) and rounds an expiry up to its level's granularity (1, 8,
 * 64, 512 … jiffies for delays under 63, 504, 4032, 32256 … jiffies), so a
 * 1 s ARP retransmit fires 4–32 ms late and the 5 s DELAY probe up to 256 ms
 * late -- as captures on the kernel show. */
uint64_t sim_timer_wheel_expiry(uint64_t now, uint64_t delay);

#endif
