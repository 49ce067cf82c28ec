/* The wire between two veth ends, and its capture.  A frame crosses only when
 * both ends are up (veth_xmit() drops toward a peer that is down; a device
 * without carrier has the noop qdisc), so the capture holds exactly the
 * frames that crossed, in both directions, as tcpdump on either end would.
 *
 * Every wire of a world has the same delay (link_delay_ns, fixed at the
 * world's birth), so frames arrive in the order they were sent, whatever
 * link they cross: one FIFO of frames in flight and one timer for its head
 * do the work of a timer per frame.  Each frame keeps the place among
 * timers due at the same instant that a timer of its own, armed when it was
 * sent, would have had -- runs stay identical. */
#include <errno.h>
#include <string.h>

#include "sim/sim.h"

static void link_wire_arm(sim_world *w) {
  const sim_pkt *head = w->wire.head;
  sim_timerq_arm_seq(&w->timers, &w->wire_timer, head->expires, head->seq);
}

static void link_wire_deliver(sim_timer *t, void *ctx) {
  sim_world *w = ctx;
  sim_pkt *f = sim_pktq_pop(&w->wire);
  if (w->wire.head) link_wire_arm(w);
  sim_iface *to = f->link->end[f->to_end];
  if (to && to->ns && to->up) sim_ether_input(to, f->data, f->len);
  sim_pkt_put(w, f);
}

void sim_link_wire_init(sim_world *w) { sim_timer_init(&w->wire_timer, link_wire_deliver, w); }

static void link_capture(sim_world *w, sim_link *l, uint64_t now, const uint8_t *frame,
                         size_t len) {
  l->frames++;
  if (w->tap) {
    char name[2 * NSP_IFNAMSIZ + 2];
    g_snprintf(name, sizeof name, "%s--%s", l->a_name, l->b_name);
    w->tap(w->tap_ctx, name, now, frame, len);
  }
  if (!l->dumper) return;
  struct pcap_pkthdr h;
  memset(&h, 0, sizeof h);
  h.ts.tv_sec = (time_t)(now / 1000000000ULL);
  h.ts.tv_usec = (suseconds_t)((now % 1000000000ULL) / 1000);
  h.caplen = h.len = (bpf_u_int32)len;
  pcap_dump((u_char *)l->dumper, &h, frame);
}

sim_pkt *sim_link_frame_new(sim_iface *dev, size_t len) {
  if (!sim_iface_carrier(dev)) {
    dev->ns->cnt.drops[SIM_DROP_NO_CARRIER]++;
    return NULL;
  }
  return sim_pkt_get(dev->ns->w, len);
}

void sim_link_xmit(sim_iface *dev, sim_pkt *f) {
  sim_world *w = dev->ns->w;
  sim_link *l = dev->link;
  link_capture(w, l, w->now, f->data, f->len);
  f->link = l;
  f->to_end = l->end[0] == dev;
  f->expires = w->now + w->link_delay_ns;
  f->seq = sim_timerq_next_seq(&w->timers);
  sim_pktq_push(&w->wire, f);
  if (!sim_timer_pending(&w->wire_timer)) link_wire_arm(w);
}

void sim_link_close(sim_link *l) {
  if (l->dumper) pcap_dump_close(l->dumper);
  if (l->pcap) pcap_close(l->pcap);
  l->dumper = NULL;
  l->pcap = NULL;
}
