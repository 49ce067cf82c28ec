/* What `ip -d link show` adds to a link (ip/ipaddress.c print_linkinfo()
 * under show_details, print_linktype(), ip/iplink_bridge.c
 * bridge_print_opt(), ip/iplink_bridge_slave.c bridge_slave_print_opt()),
 * in the order and words iproute2 6.1 prints what a 6.18 kernel sends.
 * Settings nspath does not let anyone change (multicast snooping, netfilter
 * calls, port flags) are printed as the kernel has them by default. */
#include <stdio.h>

#include "core/ip_show.h"

/* br_dump_bridge_id(): the priority in hex, the address as ether_ntoa_r()
 * writes it (no leading zeros) */
static void show_bridge_id(nsp_cmd_ctx *c, const char *key, const nsp_bridge_id *id) {
  const uint8_t *a = id->addr.b;
  nsp_out(c, "%s %.2x%.2x.%x:%x:%x:%x:%x:%x ", key, id->prio >> 8, id->prio & 0xff, a[0], a[1],
          a[2], a[3], a[4], a[5]);
}

static void show_timer(nsp_cmd_ctx *c, const char *key, uint64_t cs) {
  nsp_out(c, "%s %7.2f ", key, (double)cs / 100);
}

static void show_bridge(nsp_cmd_ctx *c, const nsp_bridge_info *b) {
  nsp_out(c, "forward_delay %u hello_time %u max_age %u ageing_time %u stp_state %u priority %u "
             "vlan_filtering %u ",
          b->forward_delay, b->hello_time, b->max_age, b->ageing_time, b->stp_state, b->priority,
          b->vlan_filtering);
  show_bridge_id(c, "bridge_id", &b->bridge_id);
  show_bridge_id(c, "designated_root", &b->designated_root);
  nsp_out(c, "root_port %u root_path_cost %u topology_change %u topology_change_detected %u ",
          b->root_port, b->root_path_cost, b->topology_change, b->topology_change_detected);
  show_timer(c, "hello_timer", b->hello_timer);
  show_timer(c, "tcn_timer", b->tcn_timer);
  show_timer(c, "topology_change_timer", b->topology_change_timer);
  show_timer(c, "gc_timer", b->gc_timer);
  nsp_out(c, "group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 "
             "no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 "
             "mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 "
             "mcast_last_member_count 2 mcast_startup_query_count 2 "
             "mcast_last_member_interval 100 mcast_membership_interval 26000 "
             "mcast_querier_interval 25500 mcast_query_interval 12500 "
             "mcast_query_response_interval 1000 mcast_startup_query_interval 3124 "
             "mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 "
             "nf_call_ip6tables 0 nf_call_arptables 0 ");
}

static const char *port_state_name(uint8_t s) {
  static const char *const names[] = {"disabled", "listening", "learning", "forwarding", "blocking"};
  return s < G_N_ELEMENTS(names) ? names[s] : "unknown";
}

static void show_bridge_slave(nsp_cmd_ctx *c, const nsp_bport_info *p) {
  nsp_out(c, "state %s priority %u cost %u hairpin off guard off root_block off fastleave off "
             "learning on flood on port_id 0x%x port_no 0x%x designated_port %u "
             "designated_cost %u ",
          port_state_name(p->state), p->priority, p->cost, p->port_id, p->port_no,
          p->designated_port, p->designated_cost);
  show_bridge_id(c, "designated_bridge", &p->designated_bridge);
  show_bridge_id(c, "designated_root", &p->designated_root);
  show_timer(c, "hold_timer", p->hold_timer);
  show_timer(c, "message_age_timer", p->message_age_timer);
  show_timer(c, "forward_delay_timer", p->forward_delay_timer);
  nsp_out(c, "topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off "
             "mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on "
             "mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 "
             "vlan_tunnel off isolated off locked off ");
}

void nsp_show_link_details(nsp_cmd_ctx *c, const nsp_link *l, bool do_link) {
  const nsp_link_details *d = &l->det;
  nsp_out(c, " promiscuity %u ", l->promiscuity);
  nsp_out(c, " allmulti %u ", l->allmulti);
  nsp_out(c, "minmtu %u maxmtu %u ", d->min_mtu, d->max_mtu);
  /* print_linktype(): the kind (a loopback has none), then the port's */
  if (l->kind == NSP_LINK_VETH) nsp_out(c, "\n    veth ");
  if (l->kind == NSP_LINK_BRIDGE) {
    nsp_out(c, "\n    bridge ");
    show_bridge(c, &l->br);
  }
  if (l->master_ifindex) {
    nsp_out(c, "\n    bridge_slave ");
    show_bridge_slave(c, &l->port);
  }
  /* print_af_spec() only for ip link */
  if (do_link && d->has_addrgenmode) nsp_out(c, "addrgenmode eui64 ");
  nsp_out(c, "numtxqueues %u numrxqueues %u gso_max_size %u gso_max_segs %u tso_max_size %u "
             "tso_max_segs %u gro_max_size %u ",
          d->num_tx_queues, d->num_rx_queues, d->gso_max_size, d->gso_max_segs, d->tso_max_size,
          d->tso_max_segs, d->gro_max_size);
}
