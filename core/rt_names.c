#include "core/rt_names.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/backend.h"
#include "core/cmd.h"

static const struct {
  uint32_t id;
  const char *name;
} rt_tables[] = {{255, "local"}, {254, "main"}, {253, "default"}, {0, "unspec"}};

bool nsp_rt_table_a2n(const char *s, uint32_t *id) {
  for (size_t i = 0; i < G_N_ELEMENTS(rt_tables); i++)
    if (strcmp(s, rt_tables[i].name) == 0) return *id = rt_tables[i].id, true;
  char *end;
  if (!*s || *s == '-') return false;
  unsigned long long v = strtoull(s, &end, 0);
  if (*end || v > UINT32_MAX) return false;
  *id = (uint32_t)v;
  return true;
}

const char *nsp_rt_table_n2a(uint32_t id, char *buf, size_t len) {
  for (size_t i = 0; i < G_N_ELEMENTS(rt_tables); i++)
    if (rt_tables[i].id == id) return rt_tables[i].name;
  g_snprintf(buf, len, "%u", id);
  return buf;
}

static const char *const rt_types[] = {"none",      "unicast",     "local",    "broadcast",
                                       "anycast",   "multicast",   "blackhole", "unreachable",
                                       "prohibit",  "throw",       "nat",      "xresolve"};

bool nsp_rt_type_a2n(const char *s, uint8_t *type) {
  int t = -1;
  if (!strcmp(s, "local")) t = NSP_RTN_LOCAL;
  else if (!strcmp(s, "nat")) t = NSP_RTN_NAT;
  else if (nsp_matches(s, "broadcast") || !strcmp(s, "brd")) t = NSP_RTN_BROADCAST;
  else if (nsp_matches(s, "anycast")) t = NSP_RTN_ANYCAST;
  else if (nsp_matches(s, "multicast")) t = NSP_RTN_MULTICAST;
  else if (nsp_matches(s, "prohibit")) t = NSP_RTN_PROHIBIT;
  else if (nsp_matches(s, "unreachable")) t = NSP_RTN_UNREACHABLE;
  else if (nsp_matches(s, "blackhole")) t = NSP_RTN_BLACKHOLE;
  else if (nsp_matches(s, "xresolve")) t = 11;
  else if (nsp_matches(s, "unicast")) t = NSP_RTN_UNICAST;
  else if (!strcmp(s, "throw")) t = NSP_RTN_THROW;
  else {
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    if (end == s || *end || v > 255) return false;
    t = (int)v;
  }
  *type = (uint8_t)t;
  return true;
}

const char *nsp_rt_type_n2a(uint8_t type, char *buf, size_t len) {
  if (type < G_N_ELEMENTS(rt_types)) return rt_types[type];
  g_snprintf(buf, len, "%d", type);
  return buf;
}

/* rt_protos as iproute2 6.1 ships it (lib/rt_names.c rtnl_rtprot_tab) */
static const char *const rt_protos[] = {
    [0] = "unspec", [1] = "redirect", [2] = "kernel", [3] = "boot", [4] = "static",
    [8] = "gated", [9] = "ra", [10] = "mrt", [11] = "zebra", [12] = "bird", [13] = "dnrouted",
    [14] = "xorp", [15] = "ntk", [16] = "dhcp", [18] = "keepalived", [42] = "babel",
    [99] = "openr", [186] = "bgp", [187] = "isis", [188] = "ospf", [189] = "rip", [192] = "eigrp"};

const char *nsp_rt_proto_n2a(uint8_t p, char *buf, size_t len) {
  if (p < G_N_ELEMENTS(rt_protos) && rt_protos[p]) return rt_protos[p];
  g_snprintf(buf, len, "%u", p);
  return buf;
}

bool nsp_rt_proto_a2n(const char *s, uint8_t *p) {
  for (size_t i = 0; i < G_N_ELEMENTS(rt_protos); i++)
    if (rt_protos[i] && !strcmp(s, rt_protos[i])) return *p = (uint8_t)i, true;
  char *end;
  unsigned long v = strtoul(s, &end, 0);
  if (end == s || *end || v > 255) return false;
  *p = (uint8_t)v;
  return true;
}

const char *nsp_rt_scope_n2a(uint8_t s, char *buf, size_t len) {
  switch (s) {
  case 0: return "global";
  case 200: return "site";
  case NSP_SCOPE_LINK: return "link";
  case NSP_SCOPE_HOST: return "host";
  case NSP_SCOPE_NOWHERE: return "nowhere";
  default: g_snprintf(buf, len, "%u", s); return buf;
  }
}

bool nsp_rt_scope_a2n(const char *s, uint8_t *scope) {
  static const struct {
    const char *n;
    uint8_t v;
  } t[] = {{"global", 0}, {"universe", 0}, {"site", 200}, {"link", 253}, {"host", 254}, {"nowhere", 255}};
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (!strcmp(s, t[i].n)) return *scope = t[i].v, true;
  char *end;
  unsigned long v = strtoul(s, &end, 0);
  if (end == s || *end || v > 255) return false;
  *scope = (uint8_t)v;
  return true;
}

/* Debian 12's /etc/iproute2/rt_dsfield */
static const struct {
  uint8_t v;
  const char *name;
} rt_dsfield[] = {{0x00, "default"}, {0x28, "AF11"}, {0x30, "AF12"}, {0x38, "AF13"},
                  {0x48, "AF21"},    {0x50, "AF22"}, {0x58, "AF23"}, {0x68, "AF31"},
                  {0x70, "AF32"},    {0x78, "AF33"}, {0x88, "AF41"}, {0x90, "AF42"},
                  {0x98, "AF43"},    {0x20, "CS1"},  {0x40, "CS2"},  {0x60, "CS3"},
                  {0x80, "CS4"},     {0xa0, "CS5"},  {0xc0, "CS6"},  {0xe0, "CS7"},
                  {0xb8, "EF"}};

bool nsp_rt_dsfield_a2n(const char *s, uint8_t *tos) {
  for (size_t i = 0; i < G_N_ELEMENTS(rt_dsfield); i++)
    if (!strcmp(s, rt_dsfield[i].name)) return *tos = rt_dsfield[i].v, true;
  char *end;
  unsigned long v = strtoul(s, &end, 16);
  if (end == s || *end || v > 255) return false;
  *tos = (uint8_t)v;
  return true;
}

const char *nsp_rt_dsfield_n2a(uint8_t tos, char *buf, size_t len) {
  for (size_t i = 0; i < G_N_ELEMENTS(rt_dsfield); i++)
    if (rt_dsfield[i].v == tos) return rt_dsfield[i].name;
  g_snprintf(buf, len, "0x%02x", tos);
  return buf;
}
