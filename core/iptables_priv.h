/* What the two halves of iptables' command-line reader share
 * (core/iptables_parse.c: getopt and the commands; core/iptables_ext.c: the
 * options of matches and targets). */
#ifndef NSP_IPTABLES_PRIV_H
#define NSP_IPTABLES_PRIV_H

#include "core/iptables.h"

/* Codes of the options of matches and targets (above any character). */
enum {
  O_SPORT = 256, O_DPORT, O_STATE, O_CTSTATE, O_REJECT_WITH, O_TO_SRC, O_TO_DST, O_TO_PORTS,
  O_ICMP_TYPE, O_MP_SPORTS, O_MP_DPORTS, O_MP_PORTS,
  O_UNMODELLED, /* an option iptables knows that nspath does not model */
};

typedef struct {
  const char *name;
  int has_arg; /* 0 none, 1 required, 2 optional */
  int val;
} ipt_longopt;

typedef struct {
  int argc;
  char **argv;
  int optind;
  const char *nextchar;       /* inside a group of short options */
  const char *optarg;
  const ipt_longopt *mopts[NSP_NF_MATCHES]; /* the loaded matches' options */
  const ipt_longopt *topts;    /* the target's */
  ipt_cmd *cmd;
  GString *msg;
  ipt_status st;
  bool invert;
  const char *proto_name;
  unsigned l4_flags;           /* which of --sport, --dport were given */
  bool have_ct, have_reject_with, have_to, have_icmp_type;
  bool have_state, have_ctstate; /* which of --state, --ctstate gave have_ct */
  unsigned mp_given;           /* multiport: 1 << (O_MP_* - O_MP_SPORTS) of the options given */
  const char *src_arg, *dst_arg; /* -s, -d: read after every option (ipv4_post_parse()) */
} ipt_parser;

/* libxt_icmp.h icmp_codes[], ended by a NULL name */
typedef struct {
  const char *name;
  uint8_t type, code_min, code_max;
} ipt_icmp_name;
extern const ipt_icmp_name ipt_icmp_names[];

/* xtables_error(): iptables' whole message in p->msg (xtables_exit_error()
 * prints the program and version first and the hint after it); for
 * IPT_UNSUPPORTED the reason nspath gives. */
bool ipt_fail(ipt_parser *p, ipt_status st, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
#define PROBLEM(p, ...) ipt_fail(p, IPT_PARAMETER_PROBLEM, __VA_ARGS__)
#define UNMODELLED(p, ...) ipt_fail(p, IPT_UNSUPPORTED, __VA_ARGS__)

/* An option of a loaded match or of the target (xtables_option_mpcall()
 * and _tpcall()), with `!` in p->invert. */
bool ipt_ext_option(ipt_parser *p, int c, const char *arg);

#endif
