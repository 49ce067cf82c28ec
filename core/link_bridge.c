/* `ip link add NAME type bridge [OPTIONS]` (iproute2 6.1 ip/iplink_bridge.c
 * bridge_parse_opt()), the options nspath models, with its words for
 * mistakes. */
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/link_bridge.h"

static const char bridge_usage[] =
    "Usage: ... bridge [ fdb_flush ]\n"
    "\t\t  [ forward_delay FORWARD_DELAY ]\n"
    "\t\t  [ hello_time HELLO_TIME ]\n"
    "\t\t  [ max_age MAX_AGE ]\n"
    "\t\t  [ ageing_time AGEING_TIME ]\n"
    "\t\t  [ stp_state STP_STATE ]\n"
    "\t\t  [ priority PRIORITY ]\n"
    "\t\t  [ group_fwd_mask MASK ]\n"
    "\t\t  [ group_address ADDRESS ]\n"
    "\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n"
    "\t\t  [ vlan_filtering VLAN_FILTERING ]\n"
    "\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n"
    "\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n"
    "\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n"
    "\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n"
    "\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n"
    "\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n"
    "\t\t  [ mcast_router MULTICAST_ROUTER ]\n"
    "\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n"
    "\t\t  [ mcast_querier MULTICAST_QUERIER ]\n"
    "\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n"
    "\t\t  [ mcast_hash_max HASH_MAX ]\n"
    "\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n"
    "\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n"
    "\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n"
    "\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n"
    "\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n"
    "\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n"
    "\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n"
    "\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n"
    "\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n"
    "\t\t  [ mcast_igmp_version IGMP_VERSION ]\n"
    "\t\t  [ mcast_mld_version MLD_VERSION ]\n"
    "\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n"
    "\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n"
    "\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n"
    "\n"
    "Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n";

/* get_u32() / get_u16() / get_u8(): strtoul(…, 0), the whole word, in range */
static bool bridge_get_unsigned(const char *s, unsigned long max, long *out) {
  char *end;
  if (!*s || *s == '-') return false;
  unsigned long v = strtoul(s, &end, 0);
  if (*end || v > max) return false;
  *out = (long)v;
  return true;
}

/* The options iproute2 has that nspath does not model. */
static bool bridge_opt_other(const char *w) {
  static const char *const opts[] = {
      "vlan_protocol", "group_fwd_mask", "group_address", "no_linklocal_learn", "fdb_flush",
      "vlan_default_pvid", "vlan_stats_enabled", "vlan_stats_per_port", "mcast_router",
      "mcast_snooping", "mcast_vlan_snooping", "mcast_query_use_ifaddr", "mcast_querier",
      "mcast_hash_elasticity", "mcast_hash_max", "mcast_last_member_count",
      "mcast_startup_query_count", "mcast_last_member_interval", "mcast_membership_interval",
      "mcast_querier_interval", "mcast_query_interval", "mcast_query_response_interval",
      "mcast_startup_query_interval", "mcast_stats_enabled", "mcast_igmp_version",
      "mcast_mld_version", "nf_call_iptables", "nf_call_ip6tables", "nf_call_arptables"};
  for (size_t i = 0; i < G_N_ELEMENTS(opts); i++)
    if (nsp_matches(w, opts[i])) return true;
  return false;
}

nsp_line_result nsp_link_bridge_parse(nsp_cmd_ctx *c, int argc, char **argv, nsp_bridge_cfg *cfg) {
  static const struct {
    const char *name;
    size_t off;
    unsigned long max;
  } nums[] = {
      {"forward_delay", offsetof(nsp_bridge_cfg, forward_delay), 0xffffffffUL},
      {"hello_time", offsetof(nsp_bridge_cfg, hello_time), 0xffffffffUL},
      {"max_age", offsetof(nsp_bridge_cfg, max_age), 0xffffffffUL},
      {"ageing_time", offsetof(nsp_bridge_cfg, ageing_time), 0xffffffffUL},
  };
  for (; argc > 0; argc--, argv++) {
    size_t i = 0;
    while (i < G_N_ELEMENTS(nums) && !nsp_matches(argv[0], nums[i].name)) i++;
    if (i < G_N_ELEMENTS(nums) || nsp_matches(argv[0], "stp_state") ||
        nsp_matches(argv[0], "priority") || nsp_matches(argv[0], "vlan_filtering")) {
      const char *key = argv[0];
      NSP_NEXT_ARG(c, argc, argv);
      char what[40];
      long v;
      if (i < G_N_ELEMENTS(nums)) {
        g_snprintf(what, sizeof what, "invalid %s", nums[i].name);
        if (!bridge_get_unsigned(argv[0], nums[i].max, &v))
          return c->status = nsp_ip_invarg(c, what, argv[0]), NSP_LINE_OK;
        *(long *)(void *)((char *)cfg + nums[i].off) = v;
      } else if (nsp_matches(key, "stp_state")) {
        if (!bridge_get_unsigned(argv[0], 0xffffffffUL, &v))
          return c->status = nsp_ip_invarg(c, "invalid stp_state", argv[0]), NSP_LINE_OK;
        if (v) return nsp_unsupported(c, "a bridge with spanning tree on is not modelled (stp_state %ld)", v);
        cfg->stp_state = (int)v;
      } else if (nsp_matches(key, "priority")) {
        if (!bridge_get_unsigned(argv[0], 0xffff, &v))
          return c->status = nsp_ip_invarg(c, "invalid priority", argv[0]), NSP_LINE_OK;
        cfg->priority = (int)v;
      } else {
        if (!bridge_get_unsigned(argv[0], 0xff, &v))
          return c->status = nsp_ip_invarg(c, "invalid vlan_filtering", argv[0]), NSP_LINE_OK;
        cfg->vlan_filtering = (int)v;
      }
    } else if (bridge_opt_other(argv[0])) {
      return nsp_unsupported(c, "ip link add type bridge option \"%s\" is not modelled", argv[0]);
    } else {
      if (!nsp_matches(argv[0], "help"))
        nsp_out(c, "bridge: unknown command \"%s\"?\n", argv[0]);
      nsp_out(c, "%s", bridge_usage);
      c->status = 1;
      c->exited = true; /* explain(); exit(-1)? no: return -1 -> exit(1) */
      return NSP_LINE_OK;
    }
  }
  return NSP_LINE_OK;
}

void nsp_bridge_cfg_init(nsp_bridge_cfg *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->stp_state = -1;
  cfg->ageing_time = cfg->forward_delay = cfg->hello_time = cfg->max_age = -1;
  cfg->vlan_filtering = -1;
  cfg->priority = -1;
}
