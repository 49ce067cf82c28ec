/* The frames in flight on the wires of a world, oldest first, in one ring
 * of bytes: each frame a record (its header, then the frame), written once
 * at the tail and read once at the head, so a flood of frames streams
 * through memory the way the caches like it.  The ring grows when full and
 * never allocates otherwise. */
#ifndef SIM_WIRE_H
#define SIM_WIRE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_link sim_link;

typedef struct {
  uint32_t size;      /* bytes of the record, this header included; 0 marks a wrap */
  uint32_t len;       /* bytes of the frame that follows */
  sim_link *link;     /* the pair it crosses */
  uint64_t expires;   /* when it arrives */
  uint64_t seq;       /* its place among the timers due then (timer.h) */
  uint8_t to_end;     /* toward link->end[to_end] */
} sim_wire_rec;

typedef struct {
  uint8_t *buf;
  size_t cap;         /* bytes, a multiple of 8 */
  size_t head, tail;  /* offsets of the oldest record and of the free room */
  size_t count;       /* committed records */
  size_t reserved;    /* offset of the record being written, or SIZE_MAX */
  uint8_t *retired;   /* the buffer a growth replaced, kept until sim_wire_pop() */
} sim_wire;

void sim_wire_init(sim_wire *q);
void sim_wire_free(sim_wire *q);
static inline sim_wire_rec *sim_wire_at(const sim_wire *q, size_t off) {
  return (sim_wire_rec *)(void *)(q->buf + off);
}

/* Room for a len-byte frame at the tail: fill it, then commit it.  Inline
 * where it is one step -- frames in flight and room behind the last (a
 * frame is forwarded while the one it came in stays until popped) --,
 * the rest (empty, wrap, growth) in sim_wire_reserve_room(). */
uint8_t *sim_wire_reserve_room(sim_wire *q, size_t len);
static inline uint8_t *sim_wire_reserve(sim_wire *q, size_t len) {
  size_t need = (sizeof(sim_wire_rec) + len + 7) & ~(size_t)7;
  /* the tail never catches up with the head: wrapped, it stays short of it */
  if (!q->count || (q->tail >= q->head ? q->cap - q->tail < need : q->head - q->tail <= need))
    return sim_wire_reserve_room(q, len);
  sim_wire_rec *r = sim_wire_at(q, q->tail);
  r->size = (uint32_t)need;
  r->len = (uint32_t)len;
  q->reserved = q->tail;
  return (uint8_t *)(r + 1);
}

static inline sim_wire_rec *sim_wire_commit(sim_wire *q) {
  sim_wire_rec *r = sim_wire_at(q, q->reserved);
  q->tail = q->reserved + r->size;
  q->reserved = SIZE_MAX;
  q->count++;
  return r;
}

/* Offset of a real record at or after off: a wrap mark, or the very end,
 * sends the reader back to the start. */
static inline size_t sim_wire_skip_wrap(const sim_wire *q, size_t off) {
  if (off == q->cap || sim_wire_at(q, off)->size == 0) return 0;
  return off;
}

/* The oldest record (NULL when none); it and its frame stay valid, even
 * across reservations, until sim_wire_pop().  Inline: the run loop asks
 * for it before every event. */
static inline sim_wire_rec *sim_wire_head(sim_wire *q) {
  if (!q->count) return NULL;
  q->head = sim_wire_skip_wrap(q, q->head);
  return sim_wire_at(q, q->head);
}
/* The record after the oldest, or NULL. */
const sim_wire_rec *sim_wire_second(sim_wire *q);
/* The oldest record goes (the buffer a growth replaced with it). */
void sim_wire_retire(sim_wire *q);
static inline void sim_wire_pop(sim_wire *q) {
  sim_wire_rec *h = sim_wire_head(q);
  q->head += h->size;
  q->count--;
  if (q->retired) sim_wire_retire(q);
}

#endif
