/* Ethernet in and out of a veth end. */
#include <string.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

void sim_ether_output(sim_iface *dev, const ether_addr *dst, uint16_t type, const uint8_t *payload,
                      size_t len) {
  if (len > 65536) return;
  uint8_t *f = sim_link_frame_new(dev, ETHER_HDR_LEN + len);
  if (!f) {
    sim_trace_frame_drop(dev, type, payload, len, SIM_DROP_NO_CARRIER);
    return;
  }
  ether_hdr h = {.dst = *dst, .src = dev->mac, .type = type};
  ether_hdr_emit(&h, f, ETHER_HDR_LEN + len);
  memcpy(f + ETHER_HDR_LEN, payload, len);
  sim_link_xmit(dev);
}

void sim_ether_input(sim_iface *dev, const uint8_t *frame, size_t len) {
  ether_hdr h;
  sim_tap(dev, frame, len);
  if (ether_hdr_parse(frame, len, &h) != PROTO_OK) {
    dev->ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  /* PACKET_OTHERHOST: ip_rcv() and arp_rcv() drop frames for other hosts */
  if (!ether_addr_eq(&h.dst, &dev->mac) && !ether_addr_is_multicast(&h.dst)) {
    dev->ns->cnt.drops[SIM_DROP_NOT_FOR_US]++;
    sim_trace_frame_drop(dev, h.type, frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN,
                         SIM_DROP_NOT_FOR_US);
    return;
  }
  const uint8_t *p = frame + ETHER_HDR_LEN;
  size_t plen = len - ETHER_HDR_LEN;
  if (h.type == ETHER_TYPE_ARP)
    sim_arp_input(dev, p, plen);
  else if (h.type == ETHER_TYPE_IPV4)
    sim_ip_input(dev, p, plen);
}
