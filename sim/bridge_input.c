/* Frames through a bridge (net/bridge/br_input.c br_handle_frame(),
 * br_handle_frame_finish(), br_pass_frame_up(); br_forward.c br_forward(),
 * br_flood(); br_device.c br_dev_xmit()), with STP off, VLAN filtering off
 * and no multicast querier -- so multicast is flooded like broadcast.
 *
 * In on a port: the source is learnt; broadcast and multicast go to every
 * other forwarding port and up to the bridge device; unicast goes to the
 * port its address was learnt on, or to every other forwarding port when
 * unknown (flooded), or up to the bridge device when it is one of the
 * bridge's own addresses (the bridge's or a port's: local entries).  A
 * bridge device in promiscuous mode -- tcpdump on it -- also takes a copy
 * of everything.  Out of the bridge device: the same choice, from no port.
 * Ports are served in the order of the bridge's port list, newest first. */
#include <string.h>

#include "proto/ether.h"
#include "sim/bridge.h"
#include "sim/trace_hooks.h"

/* should_deliver(): not back where it came from, and forwarding */
static bool br_should_deliver(const sim_bport *to, const sim_bport *from) {
  return to != from && to->state == SIM_BR_FORWARDING;
}

/* br_forward() / br_dev_queue_push_xmit(): out of the port's device */
static void br_deliver(sim_bport *to, const uint8_t *frame, size_t len) {
  sim_ether_xmit_frame(to->dev, frame, len);
}

/* br_flood(): a copy to every port that should get one */
static unsigned br_flood(sim_bridge *br, const sim_bport *from, const uint8_t *frame, size_t len) {
  unsigned n = 0;
  for (guint i = 0; i < br->ports->len; i++) {
    sim_bport *p = g_ptr_array_index(br->ports, i);
    if (!br_should_deliver(p, from)) continue;
    br_deliver(p, frame, len);
    n++;
  }
  return n;
}

/* br_pass_frame_up(): into the bridge device's own stack */
static void br_pass_frame_up(sim_bridge *br, const uint8_t *frame, size_t len, bool host) {
  sim_ether_input_up(br->dev, frame, len, host);
}

void sim_bridge_input(sim_bport *p, const uint8_t *frame, size_t len) {
  sim_bridge *br = p->br;
  ether_hdr h;
  if (ether_hdr_parse(frame, len, &h) != PROTO_OK) {
    br->fates[SIM_BR_DROP_SHORT]++;
    return;
  }
  /* br_handle_frame(): no multicast or zero source */
  if (ether_addr_is_multicast(&h.src) || ether_addr_eq(&h.src, &ETHER_ADDR_ZERO)) {
    br->fates[SIM_BR_DROP_SOURCE]++;
    return;
  }
  /* the link-local groups 01:80:c2:00:00:0X: with STP off the bridge group
   * address (X = 0) is forwarded like any multicast, pause frames (X = 1)
   * are dropped, the others (group_fwd_mask 0) pass to the port's own
   * stack -- which the model does not run for them: a port has no
   * address, and no protocol it carries takes a frame to such a group */
  static const uint8_t link_local[5] = {0x01, 0x80, 0xc2, 0x00, 0x00};
  if (!memcmp(h.dst.b, link_local, 5) && (h.dst.b[5] & 0xf0) == 0 && h.dst.b[5] != 0) {
    br->fates[h.dst.b[5] == 1 ? SIM_BR_DROP_PAUSE : SIM_BR_PORT_STACK]++;
    return;
  }
  if (p->state != SIM_BR_FORWARDING && p->state != SIM_BR_LEARNING) {
    br->fates[SIM_BR_DROP_STATE]++;
    sim_trace_bridge(br, br->dev->ns, p, NULL, frame, len, SIM_TRACE_BR_BLOCKED, 0);
    return;
  }
  /* the frame is "for us" when addressed to the bridge, or -- as
   * eth_type_trans() decided on the port -- to the port itself */
  bool host = ether_addr_eq(&h.dst, &br->dev->mac) || ether_addr_eq(&h.dst, &p->dev->mac);
  /* br_handle_frame_finish() */
  sim_fdb_update(br, p, &h.src);
  bool local_rcv = br->dev->promisc > 0;
  bool multicast = ether_addr_is_multicast(&h.dst);
  if (multicast) local_rcv = true;
  if (p->state == SIM_BR_LEARNING) {
    br->fates[SIM_BR_DROP_LEARNING]++;
    return;
  }
  sim_fdb_entry *dst = multicast ? NULL : sim_fdb_find(br, &h.dst);
  if (dst && (dst->flags & SIM_FDB_LOCAL)) {
    br->fates[SIM_BR_LOCAL]++;
    sim_trace_bridge(br, br->dev->ns, p, NULL, frame, len, SIM_TRACE_BR_LOCAL, 0);
    br_pass_frame_up(br, frame, len, host);
    return;
  }
  if (dst) {
    dst->used = br->dev->ns->w->now;
    if (br_should_deliver(dst->dst, p)) {
      br->fates[SIM_BR_FORWARD]++;
      sim_trace_bridge(br, br->dev->ns, p, dst->dst, frame, len, SIM_TRACE_BR_FORWARD, 1);
      br_deliver(dst->dst, frame, len);
    } else {
      br->fates[SIM_BR_DROP_FILTERED]++;
      sim_trace_bridge(br, br->dev->ns, p, dst->dst, frame, len, SIM_TRACE_BR_FILTERED, 0);
    }
  } else {
    /* count first: the trace names the ports before the copies go */
    unsigned n = 0;
    for (guint i = 0; i < br->ports->len; i++) n += br_should_deliver(g_ptr_array_index(br->ports, i), p);
    br->fates[SIM_BR_FLOOD]++;
    sim_trace_bridge(br, br->dev->ns, p, NULL, frame, len, SIM_TRACE_BR_FLOOD, n);
    br_flood(br, p, frame, len);
  }
  if (local_rcv) br_pass_frame_up(br, frame, len, host || multicast);
}

void sim_bridge_xmit(sim_bridge *br, const uint8_t *frame, size_t len) {
  ether_hdr h;
  if (ether_hdr_parse(frame, len, &h) != PROTO_OK) return;
  sim_fdb_entry *dst = ether_addr_is_multicast(&h.dst) ? NULL : sim_fdb_find(br, &h.dst);
  if (dst) {
    /* a local entry has no port (or is the sender's own): nothing leaves */
    if (dst->dst && br_should_deliver(dst->dst, NULL)) {
      sim_trace_bridge(br, br->dev->ns, NULL, dst->dst, frame, len, SIM_TRACE_BR_FORWARD, 1);
      br_deliver(dst->dst, frame, len);
    }
    return;
  }
  unsigned n = 0;
  for (guint i = 0; i < br->ports->len; i++) n += br_should_deliver(g_ptr_array_index(br->ports, i), NULL);
  sim_trace_bridge(br, br->dev->ns, NULL, NULL, frame, len, SIM_TRACE_BR_FLOOD, n);
  br_flood(br, NULL, frame, len);
}
