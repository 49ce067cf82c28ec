/* iproute2's names for routing numbers (lib/rt_names.c, ip/rtm_map.c).
 * Table and dsfield names are those of Debian 12's /etc/iproute2/rt_tables
 * and rt_dsfield as shipped (iproute2 6.1, GPL-2.0), built in: the host's
 * files are not read, so a scenario means the same on every machine. */
#ifndef NSP_RT_NAMES_H
#define NSP_RT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* rtnl_rttable_a2n(): "local", "main", "default", "unspec" or a number
 * (strtoul base 0) up to 2^32-1. */
bool nsp_rt_table_a2n(const char *s, uint32_t *id);
const char *nsp_rt_table_n2a(uint32_t id, char *buf, size_t len);
/* rtnl_rtntype_a2n() / _n2a() */
bool nsp_rt_type_a2n(const char *s, uint8_t *type);
const char *nsp_rt_type_n2a(uint8_t type, char *buf, size_t len);
/* rtnl_rtprot_n2a(), rtnl_rtscope_n2a() and their a2n */
const char *nsp_rt_proto_n2a(uint8_t p, char *buf, size_t len);
bool nsp_rt_proto_a2n(const char *s, uint8_t *p);
const char *nsp_rt_scope_n2a(uint8_t s, char *buf, size_t len);
bool nsp_rt_scope_a2n(const char *s, uint8_t *scope);
/* rtnl_dsfield_a2n() (a name, or hex) and _n2a() ("0x%02x" unless named) */
bool nsp_rt_dsfield_a2n(const char *s, uint8_t *tos);
const char *nsp_rt_dsfield_n2a(uint8_t tos, char *buf, size_t len);

#endif
