/* Netfilter's rules as iptables 1.8.9 (nf_tables) sees them: the tables
 * filter and nat, their chains and rules with counters.  The simulation
 * holds them and runs packets through them (sim/netfilter.c); the command
 * layer reads a table, changes it and writes it back whole
 * (core/cmd_iptables.c), as iptables-legacy's get/replace did and as
 * iptables-nft's cache and commit do.
 *
 * Only what nspath models is here; the parser refuses everything else by
 * name, so a rule is never half taken. */
#ifndef NSP_NF_H
#define NSP_NF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NSP_NF_CHAINSZ 32 /* XT_EXTENSION_MAXNAMELEN 29, and room */
#define NSP_NF_IFSZ 16

typedef enum { NSP_NF_FILTER, NSP_NF_NAT, NSP_NF_NTABLES } nsp_nf_table_id;

/* The hooks, numbered as NF_INET_* (include/uapi/linux/netfilter.h). */
typedef enum {
  NSP_NF_PREROUTING,
  NSP_NF_INPUT,
  NSP_NF_FORWARD,
  NSP_NF_OUTPUT,
  NSP_NF_POSTROUTING,
  NSP_NF_NHOOKS
} nsp_nf_hook;

typedef enum {
  NSP_NFT_NONE,       /* no -j: the rule only counts */
  NSP_NFT_ACCEPT,
  NSP_NFT_DROP,
  NSP_NFT_RETURN,
  NSP_NFT_REJECT,
  NSP_NFT_SNAT,
  NSP_NFT_DNAT,
  NSP_NFT_MASQUERADE,
  NSP_NFT_JUMP,       /* -j CHAIN */
  NSP_NFT_GOTO,       /* -g CHAIN */
} nsp_nf_target;

/* --reject-with, numbered as enum ipt_reject_with
 * (include/uapi/linux/netfilter_ipv4/ipt_REJECT.h). */
enum {
  NSP_NF_REJ_NET_UNREACH = 0,
  NSP_NF_REJ_HOST_UNREACH = 1,
  NSP_NF_REJ_PROT_UNREACH = 2,
  NSP_NF_REJ_PORT_UNREACH = 3,
  NSP_NF_REJ_NET_PROHIB = 5,
  NSP_NF_REJ_HOST_PROHIB = 6,
  NSP_NF_REJ_TCP_RESET = 7,
  NSP_NF_REJ_ADMIN_PROHIB = 8,
};

/* Inversions (`!`) of the rule's own fields, IPT_INV_* values. */
enum {
  NSP_NF_INV_IN = 0x01,
  NSP_NF_INV_OUT = 0x02,
  NSP_NF_INV_SRC = 0x08,
  NSP_NF_INV_DST = 0x10,
  NSP_NF_INV_PROTO = 0x40,
  NSP_NF_INV_SPT = 0x100, /* of the tcp/udp match (XT_TCP_INV_SRCPT << 8) */
  NSP_NF_INV_DPT = 0x200,
  NSP_NF_INV_CT = 0x400,  /* of the state/conntrack match */
  NSP_NF_INV_ICMP = 0x800, /* of the icmp match (IPT_ICMP_INV) */
  NSP_NF_INV_MP = 0x1000,  /* of the multiport match (xt_multiport_v1.invert) */
};

/* Connection states as the state and conntrack matches name them
 * (XT_CONNTRACK_STATE_*, include/uapi/linux/netfilter/xt_conntrack.h). */
enum {
  NSP_NF_CT_INVALID = 1u << 0,
  NSP_NF_CT_ESTABLISHED = 1u << 1,
  NSP_NF_CT_RELATED = 1u << 2,
  NSP_NF_CT_NEW = 1u << 3,
  NSP_NF_CT_SNAT = 1u << 8,
  NSP_NF_CT_DNAT = 1u << 9,
  NSP_NF_CT_UNTRACKED = 1u << 10,
};

/* The matches a rule may carry beyond its own fields, in the order they
 * were given (iptables prints them so, and -D compares them so). */
typedef enum {
  NSP_NF_M_L4 = 1,    /* -m tcp / -m udp: --sport, --dport (the protocol's) */
  NSP_NF_M_STATE,     /* -m state --state */
  NSP_NF_M_CONNTRACK, /* -m conntrack --ctstate */
  NSP_NF_M_ICMP,      /* -m icmp --icmp-type (loaded by -p icmp) */
  NSP_NF_M_MULTIPORT, /* -m multiport --sports|--dports|--ports */
} nsp_nf_match;

#define NSP_NF_MATCHES 3     /* matches a rule may carry here */
#define NSP_NF_MULTI_PORTS 15 /* XT_MULTI_PORTS */
/* xt_multiport flags */
enum { NSP_NF_MP_SRC = 0, NSP_NF_MP_DST = 1, NSP_NF_MP_EITHER = 2 };

typedef struct {
  /* the rule's own fields (struct ipt_ip); addresses and masks host order */
  uint32_t src, smsk, dst, dmsk;
  char iif[NSP_NF_IFSZ], oif[NSP_NF_IFSZ]; /* "" any; "veth+" a prefix */
  uint8_t proto;                           /* 0: all */
  unsigned inv;                            /* NSP_NF_INV_* */
  uint8_t matches[NSP_NF_MATCHES];         /* nsp_nf_match, 0 ends */
  uint16_t spt[2], dpt[2];                 /* the l4 match's ranges (0-65535: any) */
  unsigned ctmask;                         /* the state/conntrack match's NSP_NF_CT_* */
  uint8_t icmp_type, icmp_code[2];         /* the icmp match: type (0xff: any), codes */
  uint8_t mp_flags, mp_count;              /* the multiport match (struct xt_multiport_v1) */
  uint16_t mp_ports[NSP_NF_MULTI_PORTS];
  uint8_t mp_pflags[NSP_NF_MULTI_PORTS];   /* 1: ports[i]:ports[i+1] is a range */
  nsp_nf_target target;
  char chain[NSP_NF_CHAINSZ];              /* JUMP, GOTO */
  uint8_t reject_with;                     /* REJECT: NSP_NF_REJ_* */
  /* SNAT/DNAT --to-*, MASQUERADE --to-ports: addresses and ports (host order) */
  bool nat_addr, nat_port;
  uint32_t nat_lo, nat_hi;
  uint16_t port_lo, port_hi;
  uint64_t pkts, bytes;
} nsp_nf_rule;

typedef struct {
  char name[NSP_NF_CHAINSZ];
  bool builtin;
  /* a built-in chain exists once a rule or a policy was given to it
   * (iptables-nft makes them lazily: nft_xt_builtin_init()); before,
   * it is listed as ACCEPT with no counters and no packet meets it */
  bool made;
  nsp_nf_target policy;          /* built-in: ACCEPT or DROP */
  /* the policy is counted only once the chain has counters in the kernel
   * (NFTA_CHAIN_COUNTERS): iptables-nft gives them with -P and -Z, not when
   * it makes the chain for a rule (seen on 6.18) */
  bool counted;
  uint64_t pkts, bytes;          /* the policy's */
  nsp_nf_rule *rules;
  size_t n, cap;
} nsp_nf_chain;

typedef struct {
  nsp_nf_table_id id;
  bool made;                     /* the table exists in the kernel */
  nsp_nf_chain *chains;          /* built-ins in hook order, then user chains by name */
  size_t n, cap;
} nsp_nf_table;

/* ---- core/nf.c: tables as values ------------------------------------- */

const char *nsp_nf_table_name(nsp_nf_table_id t);
/* "filter" or "nat"; false for other names */
bool nsp_nf_table_lookup(const char *name, nsp_nf_table_id *t);
const char *nsp_nf_hook_name(nsp_nf_hook h);
/* The table with its built-in chains, none made yet. */
nsp_nf_table *nsp_nf_table_new(nsp_nf_table_id t);
nsp_nf_table *nsp_nf_table_copy(const nsp_nf_table *t);
void nsp_nf_table_free(nsp_nf_table *t);
nsp_nf_chain *nsp_nf_chain_find(nsp_nf_table *t, const char *name);
/* A user chain, kept in name order (strcmp, as iptables-nft sorts them). */
nsp_nf_chain *nsp_nf_chain_add(nsp_nf_table *t, const char *name);
void nsp_nf_chain_remove(nsp_nf_table *t, nsp_nf_chain *c);
/* iptables -E: the chain under its new name, and the rules that jump to it. */
void nsp_nf_chain_rename(nsp_nf_table *t, nsp_nf_chain *c, const char *name);
/* Inserts r before position pos (0-based; c->n appends). */
void nsp_nf_rule_insert(nsp_nf_chain *c, size_t pos, const nsp_nf_rule *r);
void nsp_nf_rule_remove(nsp_nf_chain *c, size_t pos);
/* The same rule apart from counters (iptables' -D by specification). */
bool nsp_nf_rule_same(const nsp_nf_rule *a, const nsp_nf_rule *b);
/* How many rules of the table jump or go to chain `name`. */
unsigned nsp_nf_chain_refs(const nsp_nf_table *t, const char *name);
/* The built-in chains a table has, hook by hook (false: none there). */
bool nsp_nf_table_has_hook(nsp_nf_table_id t, nsp_nf_hook h);

#endif
