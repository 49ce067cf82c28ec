/* `iptables` as Debian 12's iptables 1.8.9 (nf_tables) parses, runs and
 * prints it (iptables/xshared.c do_parse(), xtables.c do_commandx(),
 * nft.c, and the extensions tcp, udp, state, conntrack, REJECT, NAT).
 *
 * The simulation runs the command on its own tables (core/nf.h) and
 * prints with these functions; on the kernel (--real) the real program
 * runs inside the namespace, and this parser only decides whether the
 * line is one nspath models (core/cmd_iptables.c). */
#ifndef NSP_IPTABLES_H
#define NSP_IPTABLES_H

#include <glib.h>
#include <stdbool.h>

#include "core/nf.h"

/* The commands (CMD_* of iptables/xshared.h, as bits). */
enum {
  IPT_CMD_INSERT = 0x1,
  IPT_CMD_DELETE = 0x2,
  IPT_CMD_DELETE_NUM = 0x4,
  IPT_CMD_REPLACE = 0x8,
  IPT_CMD_APPEND = 0x10,
  IPT_CMD_LIST = 0x20,
  IPT_CMD_FLUSH = 0x40,
  IPT_CMD_ZERO = 0x80,
  IPT_CMD_NEW_CHAIN = 0x100,
  IPT_CMD_DELETE_CHAIN = 0x200,
  IPT_CMD_SET_POLICY = 0x400,
  IPT_CMD_RENAME_CHAIN = 0x800,
  IPT_CMD_LIST_RULES = 0x1000,
  IPT_CMD_ZERO_NUM = 0x2000,
  IPT_CMD_CHECK = 0x4000,
};

/* What went wrong, in iptables' classes (enum xtables_exittype). */
typedef enum {
  IPT_OK,
  IPT_PARAMETER_PROBLEM = 2, /* "iptables v1.8.9 (nf_tables): ...", "Try `iptables -h' ..." */
  IPT_VERSION_PROBLEM = 3,   /* "... Perhaps iptables or your kernel needs to be upgraded." */
  IPT_UNSUPPORTED = -1,      /* nspath does not model it: why */
} ipt_status;

typedef struct {
  unsigned command;           /* IPT_CMD_* */
  char *table;                /* -t (default "filter") */
  nsp_nf_table_id table_id;
  char *chain, *newname, *policy;
  int rulenum;                /* 0: none */
  bool verbose, numeric, expanded, linenumbers;
  unsigned options;           /* which rule options were given (OPT_* bits) */
  nsp_nf_rule rule;
} ipt_cmd;

/* Parses argv (argv[0] is "iptables") as do_parse() does; on an error
 * the message iptables prints is in msg (PARAMETER/VERSION_PROBLEM) or the
 * reason nspath does not run it (UNSUPPORTED). */
ipt_status ipt_parse(int argc, char **argv, ipt_cmd *cmd, GString *msg);
void ipt_cmd_clear(ipt_cmd *cmd);

/* The FMT_* flags of iptables' listings (include/xtables.h). */
enum {
  IPT_FMT_NUMERIC = 0x0001,
  IPT_FMT_NOCOUNTS = 0x0002,
  IPT_FMT_KILOMEGAGIGA = 0x0004,
  IPT_FMT_OPTIONS = 0x0008,
  IPT_FMT_NOTABLE = 0x0010,
  IPT_FMT_NOTARGET = 0x0020,
  IPT_FMT_VIA = 0x0040,
  IPT_FMT_LINENUMBERS = 0x0100,
};

/* -L: one chain (or every chain when name is NULL); rulenum > 0 lists that
 * rule alone, without the header.  false when the chain does not exist. */
bool ipt_list(const nsp_nf_table *t, const char *name, int rulenum, unsigned format,
              GString *out);
/* -S, with counters when verbose ("-c PKTS BYTES"). */
bool ipt_save(const nsp_nf_table *t, const char *name, int rulenum, bool counters,
              GString *out);
/* " RULE" of -S without the "-A CHAIN" (also what -v prints for a rule). */
void ipt_save_rule(const nsp_nf_rule *r, bool counters, GString *out);

#endif
