/* iproute2's argument helpers (lib/utils.c), with its words for mistakes. */
#ifndef NSP_IP_UTIL_H
#define NSP_IP_UTIL_H

#include "core/cmd.h"

/* get_addr_ipv4(): 1 to 4 dot-separated strtoul(…, 0) parts, each <= 255. */
bool nsp_ip_addr_parse(const char *s, uint32_t *addr);
/* get_prefix_1(): ADDR[/LEN|/MASK] or "default"/"any"/"all"; *plen -1 when
 * no length was written. */
bool nsp_ip_prefix_parse(const char *s, uint32_t *addr, int *plen);
/* An inet_prefix as get_prefix_1() and get_addr_1() fill it, IPv4 only.
 * The family may still be unknown (AF_UNSPEC) where the words leave it so:
 * "default" is then no address at all, as "any" and "all" always are. */
typedef struct {
  uint32_t addr;
  int bitlen;   /* the prefix length: 32 without "/LEN", 0 for default/any/all */
  int bytelen;  /* 4, or 0: no address (the attribute is not sent) */
  bool inet;    /* the family is AF_INET */
} nsp_inet_prefix;
/* get_prefix(arg, family): inet says the family is already AF_INET. */
bool nsp_ip_get_prefix(const char *s, bool inet, nsp_inet_prefix *p);
/* get_addr(arg, family): the same, without a length. */
bool nsp_ip_get_addr(const char *s, bool inet, nsp_inet_prefix *p);
/* get_unsigned() / get_u32(): the whole word a number up to 2^32-1. */
bool nsp_get_unsigned(const char *s, int base, uint32_t *v);
/* check_ifname(): 1..15 characters, no '/', ':' or blanks. */
bool nsp_ifname_valid(const char *name);

/* The messages; each returns the exit status iproute2 would have. */
int nsp_ip_invarg(nsp_cmd_ctx *c, const char *msg, const char *arg);
int nsp_ip_nodev(nsp_cmd_ctx *c, const char *dev);
int nsp_ip_incomplete(nsp_cmd_ctx *c);
int nsp_ip_duparg(nsp_cmd_ctx *c, const char *key, const char *arg);
int nsp_ip_duparg2(nsp_cmd_ctx *c, const char *key, const char *arg);
int nsp_ip_prefix_expected(nsp_cmd_ctx *c, const char *arg, bool inet);
int nsp_ip_addr_expected(nsp_cmd_ctx *c, const char *arg, bool inet);
int nsp_ip_unknown_cmd(nsp_cmd_ctx *c, const char *cmd, const char *object);

/* NEXT_ARG(): advances or reports an incomplete command. */
#define NSP_NEXT_ARG(c, argc, argv)               \
  do {                                            \
    (argv)++;                                     \
    if (--(argc) <= 0) {                          \
      (c)->status = nsp_ip_incomplete(c);         \
      return NSP_LINE_OK;                         \
    }                                             \
  } while (0)

#endif
