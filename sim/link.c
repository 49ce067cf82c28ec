/* The wire between two veth ends, and its capture.  A frame crosses only when
 * both ends are up (veth_xmit() drops toward a peer that is down; a device
 * without carrier has the noop qdisc), so the capture holds exactly the
 * frames that crossed, in both directions, as tcpdump on either end would. */
#include <errno.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/trace_hooks.h"

typedef struct {
  sim_timer t;
  sim_world *w;
  uint64_t to_uid;
  size_t len;
  uint8_t data[];
} link_frame;

static void link_frame_deliver(sim_timer *t, void *ctx) {
  link_frame *f = ctx;
  sim_iface *to = sim_world_iface_by_uid(f->w, f->to_uid);
  if (to && to->ns && to->up) sim_ether_input(to, f->data, f->len);
  g_free(f);
}

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

void sim_link_xmit(sim_iface *dev, const uint8_t *frame, size_t len) {
  sim_world *w = dev->ns->w;
  if (!sim_iface_carrier(dev)) {
    dev->ns->cnt.drops[SIM_DROP_NO_CARRIER]++;
    sim_trace_frame_drop(dev, frame, len, SIM_DROP_NO_CARRIER);
    return;
  }
  if (dev->link) link_capture(w, dev->link, w->now, frame, len);
  link_frame *f = g_malloc(sizeof *f + len);
  f->w = w;
  f->to_uid = dev->peer->uid;
  f->len = len;
  memcpy(f->data, frame, len);
  sim_timer_init(&f->t, link_frame_deliver, f);
  sim_timerq_arm(&w->timers, &f->t, w->now + w->link_delay_ns);
}

void sim_link_close(sim_link *l) {
  if (l->dumper) pcap_dump_close(l->dumper);
  if (l->pcap) pcap_close(l->pcap);
  l->dumper = NULL;
  l->pcap = NULL;
}
