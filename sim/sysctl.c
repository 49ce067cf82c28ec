/* The sysctls a namespace models, by their /proc/sys names:
 * net.ipv4.{ip_forward, ip_default_ttl, icmp_*} and net.ipv4.conf.{all,default,DEV}.{forwarding,
 * promote_secondaries, rp_filter, accept_local, send_redirects, proxy_arp, arp_ignore,
 * arp_announce, arp_filter} and net.ipv6.conf.{all,default,DEV}.disable_ipv6. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/backend_priv.h"
#include "sim/redirect.h"

/* proc_get_long(): an optional sign and a number in C's notation
 * (strtoul_lenient() with base 0: "0x10" is 16, "010" is 8, as recorded on
 * 6.18), surrounding blanks. */
static bool sysctl_parse_int(const char *s, int64_t *out) {
  char *end;
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return false;
  long long v = strtoll(s, &end, 0);
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  if (*end || v < INT32_MIN || v > UINT32_MAX) return false;
  *out = v;
  return true;
}

typedef enum {
  SLOT_PLAIN,
  SLOT_FORWARD_ALL,
  SLOT_DEFAULT,
  SLOT_DEVICE,
  SLOT_DISABLE6_ALL,
  SLOT_DISABLE6_DEV,
} slot_kind;

typedef struct {
  int *val;
  slot_kind kind;
  int64_t min, max; /* proc_dointvec_minmax()'s bounds: EINVAL outside */
  bool uns;      /* a u32 (proc_douintvec): shown unsigned */
  unsigned bit;  /* SLOT_DEFAULT, SLOT_DEVICE: the key's bit in sim_iface.conf_set */
  size_t dev_off; /* SLOT_DEFAULT: where devices keep the key */
  sim_iface *dev; /* SLOT_DEVICE, SLOT_DISABLE6_DEV */
} sysctl_slot;

/* inet_forward_change(): writing conf/all (= ip_forward) sets default and
 * every device too, but only when the value changes (devinet_sysctl_forward),
 * and conf/all/accept_redirects to its opposite (a router takes no
 * redirects: recorded, forwarding 0 -> 1 -> 0 leaves it 0 then 1). */
static void sysctl_forward_all(sim_netns *ns, int v) {
  ns->ip_forward = v;
  ns->all_accept_redirects = !v;
  ns->default_forwarding = v;
  for (guint i = 0; i < ns->ifaces->len; i++)
    ((sim_iface *)g_ptr_array_index(ns->ifaces, i))->forwarding = v;
}

static int *sysctl_global(sim_netns *ns, const char *name, sysctl_slot *slot) {
  static const struct {
    const char *name;
    size_t off;
    int64_t min, max;
    bool uns;
  } t[] = {
      {"icmp_echo_ignore_all", offsetof(sim_netns, icmp_echo_ignore_all), INT32_MIN, INT32_MAX, false},
      {"icmp_echo_ignore_broadcasts", offsetof(sim_netns, icmp_echo_ignore_broadcasts), INT32_MIN,
       INT32_MAX, false},
      {"icmp_ratelimit", offsetof(sim_netns, icmp_ratelimit_ms), INT32_MIN, INT32_MAX, false},
      {"icmp_ratemask", offsetof(sim_netns, icmp_ratemask), INT32_MIN, INT32_MAX, false},
      {"icmp_errors_use_inbound_ifaddr", offsetof(sim_netns, icmp_errors_use_inbound_ifaddr),
       INT32_MIN, INT32_MAX, false},
      /* net/ipv4/sysctl_net_ipv4.c: ip_ttl_min 1, ip_ttl_max 255 */
      {"ip_default_ttl", offsetof(sim_netns, ip_default_ttl), 1, 255, false},
      /* proc_fib_multipath_hash_policy() 0..3, use_neigh 0..1, hash_fields
       * 1..FIB_MULTIPATH_HASH_FIELD_ALL_MASK (4095 on 6.18), the seed any
       * u32 (6.11's proc_fib_multipath_hash_seed(); read back as written) */
      {"fib_multipath_hash_policy", offsetof(sim_netns, mp_hash_policy), 0, 3, false},
      {"fib_multipath_use_neigh", offsetof(sim_netns, mp_use_neigh), 0, 1, false},
      {"fib_multipath_hash_fields", offsetof(sim_netns, mp_hash_fields), 1, 4095, true},
      {"fib_multipath_hash_seed", offsetof(sim_netns, mp_hash_seed), 0, UINT32_MAX, true},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    if (strcmp(name, t[i].name)) continue;
    slot->min = t[i].min;
    slot->max = t[i].max;
    slot->uns = t[i].uns;
    return (int *)((char *)ns + t[i].off);
  }
  return NULL;
}

/* The routing keys of net.ipv4.conf.WHO: their place in the namespace
 * (all, default) and in a device.  The kernel combines all with the
 * device's value where it reads them (sim/rpf.c: rp_filter the larger,
 * accept_local and send_redirects either); writing default reaches every
 * device that never had the key written itself (devinet_copy_dflt_conf()). */
static const struct {
  const char *key;
  size_t all, dflt, dev;
  unsigned bit;
} conf_route_keys[] = {
    {"rp_filter", offsetof(sim_netns, all_rp_filter), offsetof(sim_netns, default_rp_filter),
     offsetof(sim_iface, rp_filter), 1u << 0},
    {"accept_local", offsetof(sim_netns, all_accept_local), offsetof(sim_netns, default_accept_local),
     offsetof(sim_iface, accept_local), 1u << 1},
    {"send_redirects", offsetof(sim_netns, all_send_redirects),
     offsetof(sim_netns, default_send_redirects), offsetof(sim_iface, send_redirects), 1u << 2},
    {"accept_redirects", offsetof(sim_netns, all_accept_redirects),
     offsetof(sim_netns, default_accept_redirects), offsetof(sim_iface, accept_redirects), 1u << 7},
    {"secure_redirects", offsetof(sim_netns, all_secure_redirects),
     offsetof(sim_netns, default_secure_redirects), offsetof(sim_iface, secure_redirects), 1u << 8},
    {"shared_media", offsetof(sim_netns, all_shared_media), offsetof(sim_netns, default_shared_media),
     offsetof(sim_iface, shared_media), 1u << 9},
    {"proxy_arp", offsetof(sim_netns, all_proxy_arp), offsetof(sim_netns, default_proxy_arp),
     offsetof(sim_iface, proxy_arp), 1u << 3},
    {"arp_ignore", offsetof(sim_netns, all_arp_ignore), offsetof(sim_netns, default_arp_ignore),
     offsetof(sim_iface, arp_ignore), 1u << 4},
    {"arp_announce", offsetof(sim_netns, all_arp_announce), offsetof(sim_netns, default_arp_announce),
     offsetof(sim_iface, arp_announce), 1u << 5},
    {"arp_filter", offsetof(sim_netns, all_arp_filter), offsetof(sim_netns, default_arp_filter),
     offsetof(sim_iface, arp_filter), 1u << 6},
};

static int *sysctl_conf_route(sim_netns *ns, sim_iface *d, const char *who, const char *key,
                              slot_kind *kind, unsigned *bit) {
  for (size_t i = 0; i < G_N_ELEMENTS(conf_route_keys); i++) {
    if (strcmp(key, conf_route_keys[i].key)) continue;
    *bit = conf_route_keys[i].bit;
    if (!strcmp(who, "all")) return (int *)((char *)ns + conf_route_keys[i].all);
    if (!strcmp(who, "default")) {
      *kind = SLOT_DEFAULT;
      return (int *)((char *)ns + conf_route_keys[i].dflt);
    }
    if (!d) return NULL;
    *kind = SLOT_DEVICE;
    return (int *)((char *)d + conf_route_keys[i].dev);
  }
  return NULL;
}

/* net.ipv4.conf.WHO.KEY */
static int *sysctl_conf(sim_netns *ns, const char *who, const char *key, slot_kind *kind,
                        unsigned *bit, sim_iface **dev_out) {
  bool fwd = !strcmp(key, "forwarding"), promote = !strcmp(key, "promote_secondaries");
  if (!fwd && !promote) {
    sim_iface *d = NULL;
    if (strcmp(who, "all") && strcmp(who, "default")) {
      char *name = g_strdup(who);
      g_strdelimit(name, "/", '.');
      d = sim_netns_iface_by_name(ns, name);
      g_free(name);
    }
    *dev_out = d;
    return sysctl_conf_route(ns, d, who, key, kind, bit);
  }
  if (!strcmp(who, "all")) {
    if (fwd) *kind = SLOT_FORWARD_ALL;
    return fwd ? &ns->ip_forward : &ns->all_promote_secondaries;
  }
  if (!strcmp(who, "default")) return fwd ? &ns->default_forwarding : &ns->default_promote_secondaries;
  /* sysctl(8) shows a '.' in a device name as '/' */
  char *dev = g_strdup(who);
  g_strdelimit(dev, "/", '.');
  sim_iface *d = sim_netns_iface_by_name(ns, dev);
  g_free(dev);
  if (!d) return NULL;
  return fwd ? &d->forwarding : &d->promote_secondaries;
}

/* net.ipv6.conf.WHO.disable_ipv6 (addrconf_disable_ipv6()): default is a
 * plain value (for devices to come), all sets default and every device, a
 * device's own acts on the device */
static int *sysctl_conf6(sim_netns *ns, const char *who, const char *key, sysctl_slot *slot) {
  if (strcmp(key, "disable_ipv6") != 0) return NULL;
  if (!strcmp(who, "all")) {
    slot->kind = SLOT_DISABLE6_ALL;
    return &ns->all_disable_ipv6;
  }
  if (!strcmp(who, "default")) return &ns->default_disable_ipv6;
  char *dev = g_strdup(who);
  g_strdelimit(dev, "/", '.');
  slot->dev = sim_netns_iface_by_name(ns, dev);
  g_free(dev);
  if (!slot->dev) return NULL;
  slot->kind = SLOT_DISABLE6_DEV;
  return &slot->dev->disable_ipv6;
}

/* Finds the variable behind key; ENOENT for what Linux would not have. */
static bool sysctl_lookup(sim_netns *ns, const char *key, sysctl_slot *slot, nsp_status *st) {
  memset(slot, 0, sizeof *slot);
  slot->kind = SLOT_PLAIN;
  slot->val = NULL;
  slot->min = INT32_MIN;
  slot->max = INT32_MAX;
  if (!strcmp(key, "net.ipv4.ip_forward")) {
    slot->val = &ns->ip_forward;
    slot->kind = SLOT_FORWARD_ALL;
  } else if (g_str_has_prefix(key, "net.ipv4.conf.")) {
    const char *rest = key + strlen("net.ipv4.conf."), *dot = strrchr(rest, '.');
    if (dot && dot > rest) {
      char *who = g_strndup(rest, (gsize)(dot - rest));
      slot->val = sysctl_conf(ns, who, dot + 1, &slot->kind, &slot->bit, &slot->dev);
      for (size_t i = 0; i < G_N_ELEMENTS(conf_route_keys); i++)
        if (conf_route_keys[i].bit == slot->bit) slot->dev_off = conf_route_keys[i].dev;
      g_free(who);
    }
  } else if (g_str_has_prefix(key, "net.ipv6.conf.")) {
    const char *rest = key + strlen("net.ipv6.conf."), *dot = strrchr(rest, '.');
    if (dot && dot > rest) {
      char *who = g_strndup(rest, (gsize)(dot - rest));
      slot->val = sysctl_conf6(ns, who, dot + 1, slot);
      g_free(who);
    }
  } else if (g_str_has_prefix(key, "net.ipv4.") && !strchr(key + strlen("net.ipv4."), '.')) {
    slot->val = sysctl_global(ns, key + strlen("net.ipv4."), slot);
  } else if (!strcmp(key, "user.max_net_namespaces")) {
    /* kernel/ucount.c user_table: the user namespace's, whichever network
     * namespace writes it; proc_dointvec_minmax() from 0 to INT_MAX (-1
     * and 2147483648 are EINVAL, recorded) */
    slot->val = &ns->w->max_net_namespaces;
    slot->min = 0;
  }
  if (slot->val) return true;
  nsp_status_set(st, sim_sysctl_linux_has(ns, key) ? EOPNOTSUPP : ENOENT, NULL);
  return false;
}

bool sim_be_sysctl_get(nsp_backend *b, const char *nsname, const char *key, char *out,
                       size_t cap, nsp_status *st) {
  sysctl_slot s;
  if (!sysctl_lookup(sim_be_ns(b, nsname), key, &s, st)) return false;
  if (s.uns) g_snprintf(out, cap, "%u", (unsigned)*s.val);
  else g_snprintf(out, cap, "%d", *s.val);
  return true;
}

bool sim_be_sysctl_set(nsp_backend *b, const char *nsname, const char *key, const char *value,
                       nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sysctl_slot s;
  int64_t v64;
  /* ipv4_sysctl_rtcache_flush(): any integer flushes (write-only) */
  if (!strcmp(key, "net.ipv4.route.flush") && sysctl_parse_int(value, &v64)) {
    sim_fnhe_flush_cache(ns);
    return true;
  }
  if (!sysctl_lookup(ns, key, &s, st)) return false;
  if (!sysctl_parse_int(value, &v64) || v64 < s.min || v64 > s.max) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  int v = (int)(uint32_t)v64; /* a u32 kept in an int's bits */
  if (s.kind == SLOT_FORWARD_ALL && v != *s.val) {
    sysctl_forward_all(ns, v);
  } else if (s.kind == SLOT_DISABLE6_ALL) {
    ns->all_disable_ipv6 = ns->default_disable_ipv6 = v;
    for (guint i = 0; i < ns->ifaces->len; i++)
      sim_iface_set_disable_ipv6(g_ptr_array_index(ns->ifaces, i), v);
  } else if (s.kind == SLOT_DISABLE6_DEV) {
    sim_iface_set_disable_ipv6(s.dev, v);
  } else if (s.kind == SLOT_DEFAULT) {
    *s.val = v;
    for (guint i = 0; i < ns->ifaces->len; i++) {
      sim_iface *d = g_ptr_array_index(ns->ifaces, i);
      if (!(d->conf_set & s.bit)) *(int *)((char *)d + s.dev_off) = v;
    }
  } else {
    *s.val = v;
    if (s.kind == SLOT_DEVICE) s.dev->conf_set |= s.bit;
  }
  return true;
}
