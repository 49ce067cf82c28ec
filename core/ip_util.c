#include "core/ip_util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

bool nsp_ip_addr_parse(const char *s, uint32_t *addr) {
  uint32_t a = 0;
  int i;
  const char *cp = s;
  for (i = 0; i < 4; i++) {
    char *end;
    if (*cp == '-' || *cp == '+' || *cp == ' ') return false;
    unsigned long n = strtoul(cp, &end, 0);
    if (end == cp || n > 255) return false;
    a |= (uint32_t)n << (24 - 8 * i);
    if (*end == '\0') break;
    if (i == 3 || *end != '.') return false;
    cp = end + 1;
  }
  *addr = a;
  return true;
}

static bool ip_mask_parse(const char *s, int *plen) {
  char *end;
  if (!*s) return false;
  unsigned long n = strtoul(s, &end, 0);
  if (*end == '\0') {
    if (n > 32 || *s == '-' || *s == '+') return false;
    *plen = (int)n;
    return true;
  }
  uint32_t m;
  if (!nsp_ip_addr_parse(s, &m)) return false;
  /* a netmask must be contiguous ones */
  uint32_t inv = ~m;
  if (inv & (inv + 1)) return false;
  int len = 0;
  while (len < 32 && (m & (0x80000000u >> len))) len++;
  *plen = len;
  return true;
}

bool nsp_ip_prefix_parse(const char *s, uint32_t *addr, int *plen) {
  if (!strcmp(s, "default") || !strcmp(s, "any") || !strcmp(s, "all")) {
    *addr = 0;
    *plen = 0;
    return true;
  }
  char *copy = g_strdup(s);
  char *slash = strchr(copy, '/');
  bool ok;
  *plen = -1;
  if (slash) *slash = '\0';
  ok = nsp_ip_addr_parse(copy, addr) && (!slash || ip_mask_parse(slash + 1, plen));
  g_free(copy);
  return ok;
}

/* __get_addr_1(): "default" is an address of the family's length (none
 * while the family is unknown), "any" and "all" no address */
static bool ip_get_addr_1(const char *s, bool inet, nsp_inet_prefix *p, bool *word) {
  memset(p, 0, sizeof *p);
  p->inet = inet;
  *word = true;
  if (!strcmp(s, "default")) {
    p->bytelen = inet ? 4 : 0;
    return true;
  }
  if (!strcmp(s, "any") || !strcmp(s, "all")) return true;
  *word = false;
  if (!nsp_ip_addr_parse(s, &p->addr)) return false;
  p->bytelen = 4;
  p->bitlen = 32;
  p->inet = true;
  return true;
}

bool nsp_ip_get_addr(const char *s, bool inet, nsp_inet_prefix *p) {
  bool word;
  return ip_get_addr_1(s, inet, p, &word);
}

/* get_prefix_1(): a length after a word is refused, and no length over the
 * family's (0 while it is unknown) */
bool nsp_ip_get_prefix(const char *s, bool inet, nsp_inet_prefix *p) {
  char *copy = g_strdup(s), *slash = strchr(copy, '/');
  bool word, ok;
  if (slash) *slash = '\0';
  ok = ip_get_addr_1(copy, inet, p, &word);
  if (ok && slash) {
    int plen;
    ok = !word && ip_mask_parse(slash + 1, &plen) && plen <= (p->inet ? 32 : 0);
    if (ok) p->bitlen = plen;
  } else if (ok) {
    p->bitlen = word ? 0 : 32;
  }
  g_free(copy);
  return ok;
}

bool nsp_ifname_valid(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n >= NSP_IFNAMSIZ) return false;
  for (const char *p = name; *p; p++)
    if (*p == '/' || *p == ':' || g_ascii_isspace(*p)) return false;
  return true;
}

int nsp_ip_invarg(nsp_cmd_ctx *c, const char *msg, const char *arg) {
  nsp_out(c, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
  c->exited = true;
  return 255;
}

int nsp_ip_nodev(nsp_cmd_ctx *c, const char *dev) {
  nsp_out(c, "Cannot find device \"%s\"\n", dev);
  return 1;
}

int nsp_ip_incomplete(nsp_cmd_ctx *c) {
  nsp_out(c, "Command line is not complete. Try option \"help\"\n");
  c->exited = true;
  return 255;
}

int nsp_ip_duparg(nsp_cmd_ctx *c, const char *key, const char *arg) {
  nsp_out(c, "Error: duplicate \"%s\": \"%s\" is the second value.\n", key, arg);
  c->exited = true;
  return 255;
}

int nsp_ip_duparg2(nsp_cmd_ctx *c, const char *key, const char *arg) {
  nsp_out(c, "Error: either \"%s\" is duplicate, or \"%s\" is a garbage.\n", key, arg);
  c->exited = true;
  return 255;
}

/* get_prefix(): the family is named once -4 or an earlier argument fixed it */
int nsp_ip_prefix_expected(nsp_cmd_ctx *c, const char *arg, bool inet) {
  nsp_out(c, "Error: %s prefix is expected rather than \"%s\".\n", inet ? "inet" : "any valid", arg);
  c->exited = true;
  return 1;
}

/* get_addr(): the family is named once an earlier argument fixed it */
int nsp_ip_addr_expected(nsp_cmd_ctx *c, const char *arg, bool inet) {
  nsp_out(c, "Error: %s address is expected rather than \"%s\".\n", inet ? "inet" : "any valid", arg);
  c->exited = true;
  return 1;
}

int nsp_ip_unknown_cmd(nsp_cmd_ctx *c, const char *cmd, const char *object) {
  nsp_out(c, "Command \"%s\" is unknown, try \"ip %s help\".\n", cmd, object);
  c->exited = true;
  return 255;
}

/* lib/utils.c get_unsigned(): strtoul(base) over the whole word, at most
 * UINT_MAX ("-0" is 0, "-1" wraps past UINT_MAX and is refused) */
bool nsp_get_unsigned(const char *s, int base, uint32_t *v) {
  char *end;
  errno = 0;
  unsigned long x = strtoul(s, &end, base);
  if (end == s || *end || (x == ULONG_MAX && errno == ERANGE) || x > UINT32_MAX) return false;
  *v = (uint32_t)x;
  return true;
}
