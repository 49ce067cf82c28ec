/* The sysctls a namespace models, by their /proc/sys names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/backend_priv.h"

/* proc_dointvec(): an optional sign and decimal digits, surrounding blanks. */
static bool sysctl_parse_int(const char *s, int *out) {
  char *end;
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return false;
  long v = strtol(s, &end, 10);
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  if (*end || v < INT32_MIN || v > INT32_MAX) return false;
  *out = (int)v;
  return true;
}

/* inet_forward_change(): writing conf/all (= ip_forward) sets default and
 * every device too. */
static void sysctl_forward_all(sim_netns *ns, int v) {
  ns->ip_forward = v;
  ns->default_forwarding = v;
  for (guint i = 0; i < ns->ifaces->len; i++)
    ((sim_iface *)g_ptr_array_index(ns->ifaces, i))->forwarding = v;
}

typedef struct {
  int *val;
  bool all;
} sysctl_slot;

/* Finds the variable behind key; ENOENT for keys Linux does not have. */
static bool sysctl_lookup(sim_netns *ns, const char *key, sysctl_slot *slot, nsp_status *st) {
  slot->all = false;
  if (!strcmp(key, "net.ipv4.ip_forward") || !strcmp(key, "net.ipv4.conf.all.forwarding")) {
    slot->val = &ns->ip_forward;
    slot->all = true;
    return true;
  }
  if (!strcmp(key, "net.ipv4.conf.default.forwarding")) {
    slot->val = &ns->default_forwarding;
    return true;
  }
  const char *pre = "net.ipv4.conf.", *suf = ".forwarding";
  size_t lk = strlen(key), lp = strlen(pre), ls = strlen(suf);
  if (lk > lp + ls && !strncmp(key, pre, lp) && !strcmp(key + lk - ls, suf)) {
    char name[NSP_IFNAMSIZ + 1] = {0};
    size_t ln = lk - lp - ls;
    if (ln < sizeof name) {
      memcpy(name, key + lp, ln);
      /* sysctl(8) writes '/' in a device name as '.' */
      sim_iface *d = sim_netns_iface_by_name(ns, name);
      if (d) {
        slot->val = &d->forwarding;
        return true;
      }
    }
  }
  nsp_status_set(st, ENOENT, NULL);
  return false;
}

bool sim_be_sysctl_get(nsp_backend *b, const char *nsname, const char *key, char *out,
                       size_t cap, nsp_status *st) {
  sysctl_slot s;
  if (!sysctl_lookup(sim_be_ns(b, nsname), key, &s, st)) return false;
  g_snprintf(out, cap, "%d", *s.val);
  return true;
}

bool sim_be_sysctl_set(nsp_backend *b, const char *nsname, const char *key, const char *value,
                       nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sysctl_slot s;
  int v;
  if (!sysctl_lookup(ns, key, &s, st)) return false;
  if (!sysctl_parse_int(value, &v)) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (s.all && v != *s.val)
    sysctl_forward_all(ns, v);
  else
    *s.val = v;
  return true;
}
