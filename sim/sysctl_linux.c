/* The net.ipv4 sysctls Linux has, by name (the others in
 * sim/sysctl_linux_keys.c): `sysctl -a -N` in a new
 * network namespace on Debian 12's kernel 6.18 (with a veth, whose name
 * stands for any device).  A key here that the model does not keep is
 * refused as unsupported rather than answered "cannot stat", which only a
 * key Linux lacks deserves. */
#include "sim/backend_priv.h"

#include <string.h>

static const char *const sysctl_linux_global[] = {
    "fib_multipath_hash_fields", "fib_multipath_hash_policy", "fib_multipath_hash_seed",
    "fib_multipath_use_neigh", "fib_notify_on_flag_change", "fwmark_reflect",
    "icmp_echo_enable_probe", "icmp_echo_ignore_all", "icmp_echo_ignore_broadcasts",
    "icmp_errors_use_inbound_ifaddr", "icmp_ignore_bogus_error_responses", "icmp_msgs_burst",
    "icmp_msgs_per_sec", "icmp_ratelimit", "icmp_ratemask", "igmp_link_local_mcast_reports",
    "igmp_max_memberships", "igmp_max_msf", "igmp_qrv", "ip_autobind_reuse", "ip_default_ttl",
    "ip_dynaddr", "ip_early_demux", "ip_forward", "ip_forward_update_priority",
    "ip_forward_use_pmtu", "ip_local_port_range", "ip_local_reserved_ports", "ip_no_pmtu_disc",
    "ip_nonlocal_bind", "ip_unprivileged_port_start", "ipfrag_high_thresh", "ipfrag_low_thresh",
    "ipfrag_max_dist", "ipfrag_time", "nexthop_compat_mode", "ping_group_range",
    "raw_l3mdev_accept", "route.min_adv_mss", "route.min_pmtu", "route.mtu_expires",
    "tcp_abort_on_overflow", "tcp_adv_win_scale", "tcp_allowed_congestion_control", "tcp_app_win",
    "tcp_autocorking", "tcp_available_congestion_control", "tcp_backlog_ack_defer", "tcp_base_mss",
    "tcp_challenge_ack_limit", "tcp_child_ehash_entries", "tcp_comp_sack_delay_ns",
    "tcp_comp_sack_nr", "tcp_comp_sack_slack_ns", "tcp_congestion_control", "tcp_dsack",
    "tcp_early_demux", "tcp_early_retrans", "tcp_ecn", "tcp_ecn_fallback", "tcp_ecn_option",
    "tcp_ecn_option_beacon", "tcp_ehash_entries", "tcp_fack", "tcp_fastopen",
    "tcp_fastopen_blackhole_timeout_sec", "tcp_fastopen_key", "tcp_fin_timeout", "tcp_frto",
    "tcp_fwmark_accept", "tcp_invalid_ratelimit", "tcp_keepalive_intvl", "tcp_keepalive_probes",
    "tcp_keepalive_time", "tcp_l3mdev_accept", "tcp_limit_output_bytes", "tcp_max_reordering",
    "tcp_max_syn_backlog", "tcp_max_tw_buckets", "tcp_migrate_req", "tcp_min_rtt_wlen",
    "tcp_min_snd_mss", "tcp_min_tso_segs", "tcp_moderate_rcvbuf", "tcp_mtu_probe_floor",
    "tcp_mtu_probing", "tcp_no_metrics_save", "tcp_no_ssthresh_metrics_save", "tcp_notsent_lowat",
    "tcp_orphan_retries", "tcp_pacing_ca_ratio", "tcp_pacing_ss_ratio", "tcp_pingpong_thresh",
    "tcp_plb_cong_thresh", "tcp_plb_enabled", "tcp_plb_idle_rehash_rounds",
    "tcp_plb_rehash_rounds", "tcp_plb_suspend_rto_sec", "tcp_probe_interval",
    "tcp_probe_threshold", "tcp_recovery", "tcp_reflect_tos", "tcp_reordering",
    "tcp_retrans_collapse", "tcp_retries1", "tcp_retries2", "tcp_rfc1337", "tcp_rmem",
    "tcp_rto_max_ms", "tcp_rto_min_us", "tcp_sack", "tcp_shrink_window",
    "tcp_slow_start_after_idle", "tcp_stdurg", "tcp_syn_linear_timeouts", "tcp_syn_retries",
    "tcp_synack_retries", "tcp_syncookies", "tcp_thin_linear_timeouts", "tcp_timestamps",
    "tcp_tso_rtt_log", "tcp_tso_win_divisor", "tcp_tw_reuse", "tcp_tw_reuse_delay",
    "tcp_window_scaling", "tcp_wmem", "tcp_workaround_signed_windows", "udp_child_hash_entries",
    "udp_early_demux", "udp_hash_entries", "udp_l3mdev_accept", "udp_rmem_min", "udp_wmem_min",
    "xfrm4_gc_thresh",
};

static const char *const sysctl_linux_conf[] = {
    "accept_local", "accept_redirects", "accept_source_route", "arp_accept", "arp_announce",
    "arp_evict_nocarrier", "arp_filter", "arp_ignore", "arp_notify", "bc_forwarding",
    "bootp_relay", "disable_policy", "disable_xfrm", "drop_gratuitous_arp",
    "drop_unicast_in_l2_multicast", "force_igmp_version", "forwarding",
    "igmpv2_unsolicited_report_interval", "igmpv3_unsolicited_report_interval",
    "ignore_routes_with_linkdown", "log_martians", "mc_forwarding", "medium_id",
    "promote_secondaries", "proxy_arp", "proxy_arp_pvlan", "route_localnet", "rp_filter",
    "secure_redirects", "send_redirects", "shared_media", "src_valid_mark", "tag",
};

static const char *const sysctl_linux_neigh[] = {
    "anycast_delay", "app_solicit", "base_reachable_time_ms", "delay_first_probe_time",
    "gc_stale_time", "interval_probe_time_ms", "locktime", "mcast_resolicit", "mcast_solicit",
    "proxy_delay", "proxy_qlen", "retrans_time_ms", "ucast_solicit", "unres_qlen",
    "unres_qlen_bytes",
};

static bool sysctl_linux_in(const char *const *t, size_t n, const char *k) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i], k)) return true;
  return false;
}

/* WHO of net.ipv4.conf.WHO.KEY (all, default or a device: sysctl(8) shows
 * a '.' in its name as '/') and of net.ipv4.neigh.WHO.KEY (default or a
 * device) */
static bool sysctl_linux_who(sim_netns *ns, const char *who, size_t len, bool all) {
  if ((all && len == 3 && !strncmp(who, "all", 3)) || (len == 7 && !strncmp(who, "default", 7)))
    return true;
  char *name = g_strndup(who, len);
  g_strdelimit(name, "/", '.');
  bool ok = sim_netns_iface_by_name(ns, name) != NULL;
  g_free(name);
  return ok;
}

/* A directory (which sysctl(8) lists whole): net, net.ipv4, net.ipv4.X
 * for a global key net.ipv4.X.Y, net.ipv4.conf|neigh[.WHO] */
static bool sysctl_linux_dir(sim_netns *ns, const char *key) {
  if (!strcmp(key, "net") || !strcmp(key, "net.ipv4") || !strcmp(key, "net.ipv4.conf") ||
      !strcmp(key, "net.ipv4.neigh"))
    return true;
  if (!strncmp(key, "net.ipv4.conf.", 14) || !strncmp(key, "net.ipv4.neigh.", 15)) {
    bool conf = key[9] == 'c';
    const char *who = key + (conf ? 14 : 15);
    return *who && !strchr(who, '.') && sysctl_linux_who(ns, who, strlen(who), conf);
  }
  if (strncmp(key, "net.ipv4.", 9)) return false;
  size_t n = strlen(key + 9);
  for (size_t i = 0; i < G_N_ELEMENTS(sysctl_linux_global); i++)
    if (!strncmp(sysctl_linux_global[i], key + 9, n) && sysctl_linux_global[i][n] == '.') return true;
  return false;
}

/* key against one of sim_sysctl_linux_keys (scripts/gen-sysctl-linux),
 * where '%' stands for a device of ns; with dir, key may also be one of
 * the directories above it */
static bool sysctl_linux_match(sim_netns *ns, const char *pat, const char *key, bool dir) {
  while (*pat && *key) {
    if (*pat == '%') {
      size_t n = strcspn(key, ".");
      if (!n || !sysctl_linux_who(ns, key, n, false)) return false;
      key += n, pat++;
      continue;
    }
    if (*pat++ != *key++) return false;
  }
  return !*key && (!*pat || (dir && *pat == '.'));
}

/* Outside net.ipv4: kernel.hostname, net.core.somaxconn, net.ipv6... are
 * Linux's (unsupported, not "cannot stat"); only the error path asks. */
static bool sysctl_linux_other(sim_netns *ns, const char *key) {
  for (size_t i = 0; i < sim_sysctl_linux_nkeys; i++)
    if (sysctl_linux_match(ns, sim_sysctl_linux_keys[i], key, true)) return true;
  return false;
}

bool sim_sysctl_linux_has(sim_netns *ns, const char *key) {
  const char *p = "net.ipv4.";
  if (sysctl_linux_dir(ns, key)) return true;
  if (strncmp(key, p, strlen(p))) return sysctl_linux_other(ns, key);
  key += strlen(p);
  bool conf = !strncmp(key, "conf.", 5), neigh = !strncmp(key, "neigh.", 6);
  if (!conf && !neigh)
    return sysctl_linux_in(sysctl_linux_global, G_N_ELEMENTS(sysctl_linux_global), key);
  const char *who = key + (conf ? 5 : 6), *dot = strrchr(who, '.');
  if (!dot || dot == who || !sysctl_linux_who(ns, who, (size_t)(dot - who), conf)) return false;
  return conf ? sysctl_linux_in(sysctl_linux_conf, G_N_ELEMENTS(sysctl_linux_conf), dot + 1)
              : sysctl_linux_in(sysctl_linux_neigh, G_N_ELEMENTS(sysctl_linux_neigh), dot + 1);
}
