/* Virtual time: a binary min-heap of timers ordered by (expiry, insertion
 * sequence), so two timers due at the same instant fire in the order they
 * were armed and every run of a scenario is identical.  Timers are embedded
 * in their owners, like the kernel's struct timer_list. */
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
  size_t heap_idx; /* SIZE_MAX when not armed */
  sim_timer_fn fn;
  void *owner;     /* passed to fn */
};

/* A heap slot keeps its timer's key beside the pointer: a sift compares
 * slots of the one array instead of following pointers to timers spread
 * over the whole world (with 100,000 namespaces, a fifth of `nspath run`'s
 * time went to those comparisons, each a cache miss). */
typedef struct {
  uint64_t expires;
  uint64_t seq;
  sim_timer *t;
} sim_timer_slot;

typedef struct {
  sim_timer_slot *heap;
  size_t len, cap;
  uint64_t seq;
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
/* Earliest timer or NULL; does not remove it. */
static inline sim_timer *sim_timerq_peek(const sim_timerq *q) {
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
