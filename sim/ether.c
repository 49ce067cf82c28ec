/* Ethernet in and out of a device: a veth end, or a bridge, whose frames
 * go through the bridge (sim/bridge_input.c). */
#include <string.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/inet.h"
#include "proto/ipv6.h"
#include "sim/bridge.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

/* A bridge's frame leaves through br_dev_xmit(): its packet sockets see it
 * first (dev_queue_xmit_nit()), which a device whose qdisc linkwatch
 * deactivated when the carrier went -- the noop qdisc -- never gets to. */
static void ether_bridge_output(sim_iface *dev, const uint8_t *frame, size_t len) {
  if (!dev->up || !dev->qdisc_active) {
    dev->ns->cnt.drops[SIM_DROP_NO_CARRIER]++;
    return;
  }
  sim_tap(dev, frame, len);
  sim_bridge_xmit(dev->br, frame, len);
}

void sim_ether_output(sim_iface *dev, const ether_addr *dst, uint16_t type, const uint8_t *payload,
                      size_t len) {
  if (len > 65536) return;
  ether_hdr h = {.dst = *dst, .src = dev->mac, .type = type};
  if (dev->br) {
    uint8_t frame[ETHER_HDR_LEN + 65536];
    ether_hdr_emit(&h, frame, ETHER_HDR_LEN + len);
    memcpy(frame + ETHER_HDR_LEN, payload, len);
    ether_bridge_output(dev, frame, ETHER_HDR_LEN + len);
    return;
  }
  uint8_t *f = sim_link_frame_new(dev, ETHER_HDR_LEN + len);
  if (!f) {
    sim_trace_frame_drop(dev, type, payload, len, SIM_DROP_NO_CARRIER);
    return;
  }
  ether_hdr_emit(&h, f, ETHER_HDR_LEN + len);
  memcpy(f + ETHER_HDR_LEN, payload, len);
  sim_link_xmit(dev);
}

void sim_ether_xmit_frame(sim_iface *dev, const uint8_t *frame, size_t len) {
  if (dev->br) {
    ether_bridge_output(dev, frame, len);
    return;
  }
  uint8_t *f = sim_link_frame_new(dev, len);
  if (!f) {
    if (len >= ETHER_HDR_LEN)
      sim_trace_frame_drop(dev, inet_get16(frame + 12), frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN,
                           SIM_DROP_NO_CARRIER);
    return;
  }
  memcpy(f, frame, len);
  sim_link_xmit(dev);
}

/* The protocols above Ethernet; host: the frame is for this host (unicast
 * to its address) -- PACKET_OTHERHOST frames are dropped by ip_rcv() and
 * arp_rcv(), multicast and broadcast taken. */
static void ether_deliver(sim_iface *dev, const uint8_t *frame, size_t len, bool host) {
  if (len < ETHER_HDR_LEN) {
    dev->ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  /* of the header only the type and the destination's group bit matter
   * here (eth_type_trans()): read in place, not parsed whole */
  uint16_t type = inet_get16(frame + 2 * ETHER_ADDR_LEN);
  if (!host && !(frame[0] & 0x01)) {
    dev->ns->cnt.drops[SIM_DROP_NOT_FOR_US]++;
    sim_trace_frame_drop(dev, type, frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN,
                         SIM_DROP_NOT_FOR_US);
    return;
  }
  const uint8_t *p = frame + ETHER_HDR_LEN;
  size_t plen = len - ETHER_HDR_LEN;
  if (type == ETHER_TYPE_ARP)
    sim_arp_input(dev, p, plen, host);
  else if (type == ETHER_TYPE_IPV4)
    sim_ip_input(dev, p, plen);
  else if (type == ETHER_TYPE_IPV6) /* ipv6_rcv() takes them; not modelled beyond a count */
    dev->ns->cnt.ip6_rcv++;
  else /* __netif_receive_skb_core(): no packet type takes it, rx_nohandler */
    dev->ns->cnt.drops[SIM_DROP_NO_HANDLER]++;
}

/* is_skb_forwardable() (net/core/dev.c), on the veth's way in: the MTU,
 * the Ethernet header and a VLAN tag's 4 bytes, no more. */
#define ETHER_VLAN_HLEN 4

void sim_ether_input(sim_iface *dev, const uint8_t *frame, size_t len) {
  if (len > (size_t)dev->mtu + ETHER_HDR_LEN + ETHER_VLAN_HLEN) {
    dev->ns->cnt.drops[SIM_DROP_OVERSIZE]++;
    return;
  }
  sim_tap(dev, frame, len);
  /* a bridge port's rx_handler takes everything (br_handle_frame()) */
  if (dev->bport) {
    sim_bridge_input(dev->bport, frame, len);
    return;
  }
  bool host = len >= ETHER_HDR_LEN && !memcmp(frame, dev->mac.b, ETHER_ADDR_LEN);
  ether_deliver(dev, frame, len, host);
}

void sim_ether_input_up(sim_iface *dev, const uint8_t *frame, size_t len, bool host) {
  sim_tap(dev, frame, len);
  ether_deliver(dev, frame, len, host);
}
