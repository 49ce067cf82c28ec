/* The frame journal (sim/world.h): a record per frame that crosses a veth
 * pair, with the events of its sending side's ARP and of its receiving
 * side.  The receiving side's events are those the trace hooks record while
 * the wire hands the frame over (sim_link_wire_deliver() ->
 * sim_ether_input() and everything it calls): a frame is taken in by one
 * call, so the events between its begin and end are its own, including
 * what that call sent on (a forwarded copy, an echo reply, an ARP reply). */
#include <string.h>

#include "proto/arp.h"
#include "sim/trace_hooks.h"
#include "sim/trace_priv.h"
#include "sim/world.h"

struct sim_journal {
  GArray *frames;          /* sim_frame_rec, in the order they crossed */
  guint next_delivery;     /* the frame the wire hands over next: the FIFO's order */
  gint current;            /* the frame being taken in, -1 when none */
  guint recv_start;        /* its first event of the receiving side */
  sim_trace_event solicit; /* the ARP request about to be sent */
  const sim_iface *solicit_dev; /* NULL when none is */
};

void sim_frame_recs_free(sim_frame_rec *recs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    g_free(recs[i].data);
    if (recs[i].events) g_array_free(recs[i].events, TRUE);
  }
  g_free(recs);
}

void sim_world_journal_enable(sim_world *w, bool on) {
  if (on && !sim_journal_on(w)) {
    sim_journal *j = g_new0(sim_journal, 1);
    j->frames = g_array_new(FALSE, TRUE, sizeof(sim_frame_rec));
    j->current = -1;
    sim_trace_get(w)->journal = j;
  } else if (!on && sim_journal_on(w)) {
    sim_journal *j = w->trace->journal;
    sim_frame_recs_free((sim_frame_rec *)(void *)g_array_free(j->frames, FALSE), j->frames->len);
    g_free(j);
    w->trace->journal = NULL;
    sim_trace_sync(w);
  }
}

sim_frame_rec *sim_world_journal_take(sim_world *w, size_t *n) {
  *n = 0;
  if (!sim_journal_on(w) || !w->trace->journal->frames->len) return NULL;
  sim_journal *j = w->trace->journal;
  /* IPv6's own traffic (sim/addrconf.c) stays out, as it stays out of the
   * capture files (sim/link.c link_capture()): the records are the pcaps'
   * frames, one for one */
  guint kept = 0;
  for (guint i = 0; i < j->frames->len; i++) {
    sim_frame_rec *f = &g_array_index(j->frames, sim_frame_rec, i);
    if (f->len >= 14 && f->data[12] == 0x86 && f->data[13] == 0xdd) {
      g_free(f->data);
      if (f->events) g_array_free(f->events, TRUE);
      continue;
    }
    g_array_index(j->frames, sim_frame_rec, kept++) = *f;
  }
  g_array_set_size(j->frames, kept);
  *n = j->frames->len;
  sim_frame_rec *recs = (sim_frame_rec *)(void *)g_array_free(j->frames, FALSE);
  j->frames = g_array_new(FALSE, TRUE, sizeof(sim_frame_rec));
  /* frames still on the wire are delivered later: no longer journaled */
  j->next_delivery = 0;
  j->current = -1;
  return recs;
}

static void end_where(sim_frame_rec *f, int i, const sim_iface *dev) {
  if (!dev) return;
  g_strlcpy(f->end_ns[i], dev->ns && dev->ns->name ? dev->ns->name : "", sizeof f->end_ns[i]);
}

void sim_journal_rec_xmit(sim_world *w, sim_link *l, const sim_iface *from, const uint8_t *frame,
                          size_t len) {
  sim_journal *j = w->trace->journal;
  sim_frame_rec f = {.at_ns = w->now, .from = l->end[1] == from, .len = (uint32_t)len};
  f.cap_ns = f.from ? w->now + w->link_delay_ns : w->now;
  g_strlcpy(f.end_name[0], l->a_name, sizeof f.end_name[0]);
  g_strlcpy(f.end_name[1], l->b_name, sizeof f.end_name[1]);
  end_where(&f, 0, l->end[0]);
  end_where(&f, 1, l->end[1]);
  f.data = g_memdup2(frame, len);
  f.events = g_array_new(FALSE, FALSE, sizeof(sim_trace_event));
  if (j->solicit_dev == from) {
    j->solicit.at_ns = w->now;
    g_array_append_val(f.events, j->solicit);
    j->solicit_dev = NULL;
  }
  g_array_append_val(j->frames, f);
}

void sim_journal_rec_deliver(sim_world *w, bool begin, bool received) {
  sim_journal *j = w->trace->journal;
  if (!begin) {
    j->current = -1;
    return;
  }
  /* a frame sent before the journal started, or before a take, is not ours */
  if (j->next_delivery >= j->frames->len) return;
  j->current = (gint)j->next_delivery++;
  sim_frame_rec *f = &g_array_index(j->frames, sim_frame_rec, j->current);
  f->received = received;
  j->recv_start = f->events->len;
}

void sim_journal_event(sim_world *w, const sim_trace_event *ev) {
  sim_journal *j = w->trace->journal;
  if (j->current < 0 || ev->kind == SIM_TRACE_ARP_SOLICIT) return;
  g_array_append_val(g_array_index(j->frames, sim_frame_rec, j->current).events, *ev);
}

static void journal_where(sim_trace_event *ev, const sim_iface *dev) {
  g_strlcpy(ev->ns, dev->ns->name ? dev->ns->name : "", sizeof ev->ns);
  g_strlcpy(ev->dev, dev->name, sizeof ev->dev);
  ev->at_ns = dev->ns->w->now;
}

/* Told once the entry is updated (and what waited for it sent), but put
 * first among the receiving side's events, where it happened. */
void sim_journal_rec_arp_in(sim_iface *dev, const arp_pkt *a, bool answered, const sim_neigh *n) {
  sim_journal *j = dev->ns->w->trace->journal;
  if (j->current < 0) return;
  sim_trace_event ev = {.kind = SIM_TRACE_ARP_IN, .packet = SIM_TRACE_ARP, .arp_op = (uint8_t)a->op,
                        .src = a->spa, .dst = a->tpa, .answered = answered,
                        .nud = n ? n->state : 0};
  journal_where(&ev, dev);
  GArray *evs = g_array_index(j->frames, sim_frame_rec, j->current).events;
  g_array_insert_val(evs, MIN(j->recv_start, evs->len), ev);
}

/* Kept aside until the request's frame leaves (sim_journal_rec_xmit): no
 * frame leaves a device without carrier, and then nothing is journaled. */
void sim_journal_rec_solicit(sim_neigh *n, int probe, int probes, bool unicast) {
  sim_journal *j = n->dev->ns->w->trace->journal;
  sim_trace_event ev = {.kind = SIM_TRACE_ARP_SOLICIT, .packet = SIM_TRACE_ARP,
                        .arp_op = ARP_OP_REQUEST, .dst = n->ip, .nexthop = n->ip,
                        .probe = (uint8_t)probe, .probes = (uint8_t)probes, .unicast = unicast};
  journal_where(&ev, n->dev);
  j->solicit = ev;
  j->solicit_dev = n->dev;
}

void sim_journal_rec_solicit_end(sim_world *w) { w->trace->journal->solicit_dev = NULL; }
