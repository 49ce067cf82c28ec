/* `iptables` (Debian 12: iptables 1.8.9, the nf_tables variant).
 *
 * Both backends parse the line the same way (core/iptables_parse.c), so a
 * line nspath does not model is refused on both.  The simulation then
 * runs the command on its own tables as iptables-nft does on the kernel's
 * (iptables/nft.c: which chains exist when, which check fails with which
 * words and exit status) and prints with core/iptables_print.c.  On the
 * kernel (--real) the real /usr/sbin/iptables runs inside the namespace
 * (tool_run): its words and counters are the program's own, and the
 * kernel's netfilter filters the packets. */
#include <errno.h>
#include <string.h>

#include "core/cmd.h"
#include "core/iptables.h"

#define IPT_PROGRAM "/usr/sbin/iptables"

typedef struct {
  nsp_cmd_ctx *c;
  ipt_cmd *cmd;
  nsp_nf_table *t;
  bool changed;
} ipt_run;

/* "iptables: MSG." and exit 1 (xtables_main() after nft_strerror()) */
static int ipt_errno_msg(ipt_run *r, const char *msg) {
  nsp_out(r->c, "iptables: %s.%s\n", msg,
          strcmp(msg, "Bad policy name") ? "" : " Run `dmesg' for more information.");
  return 1;
}

/* the commit's failure: the kernel refused one object of the batch */
static int ipt_commit_failed(ipt_run *r, const char *what, int err, const char *obj) {
  nsp_out(r->c, "iptables v1.8.9 (nf_tables):  %s failed (%s): %s %s\n", what, g_strerror(err),
          obj, r->cmd->chain);
  return 4;
}

static const char *ipt_rule_op(unsigned command) {
  return command == IPT_CMD_INSERT ? "RULE_INSERT"
         : command == IPT_CMD_REPLACE ? "RULE_REPLACE" : "RULE_APPEND";
}

/* The chain a rule command works on; a built-in one is made
 * (nft_xt_builtin_init()) when make is set. */
static nsp_nf_chain *ipt_chain(ipt_run *r, bool make) {
  nsp_nf_chain *ch = nsp_nf_chain_find(r->t, r->cmd->chain);
  if (ch && ch->builtin && !ch->made) {
    if (!make) return NULL;
    ch->made = r->t->made = r->changed = true;
  }
  return ch;
}

/* The checks the kernel makes when the rule arrives (nft_compat's
 * xt_check_target(): the target's table and hooks; nf_tables' jump
 * validation): 0, or the errno of the commit. */
static int ipt_rule_kernel_check(ipt_run *r, const nsp_nf_chain *ch) {
  const nsp_nf_rule *rule = &r->cmd->rule;
  bool nat = r->t->id == NSP_NF_NAT;
  const char *n = ch->name;
  switch (rule->target) {
  case NSP_NFT_REJECT:
    if (nat) return EINVAL;
    /* reject_tg_check(): tcp-reset only for -p tcp */
    if (rule->reject_with == NSP_NF_REJ_TCP_RESET &&
        (rule->proto != 6 || (rule->inv & NSP_NF_INV_PROTO)))
      return EINVAL;
    return 0;
  case NSP_NFT_SNAT:
    return nat && (!strcmp(n, "POSTROUTING") || !strcmp(n, "INPUT")) ? 0 : EINVAL;
  case NSP_NFT_DNAT:
    return nat && (!strcmp(n, "PREROUTING") || !strcmp(n, "OUTPUT")) ? 0 : EINVAL;
  case NSP_NFT_MASQUERADE: return nat && !strcmp(n, "POSTROUTING") ? 0 : EINVAL;
  case NSP_NFT_JUMP:
  case NSP_NFT_GOTO: {
    const nsp_nf_chain *to = nsp_nf_chain_find(r->t, rule->chain);
    if (to && to->builtin) return to->made ? EOPNOTSUPP : ENOENT;
    /* a NAT target in the chain jumped to must suit this hook */
    for (size_t i = 0; to && i < to->n; i++) {
      nsp_nf_target tt = to->rules[i].target;
      if ((tt == NSP_NFT_SNAT || tt == NSP_NFT_MASQUERADE) && strcmp(n, "POSTROUTING") &&
          !(tt == NSP_NFT_SNAT && !strcmp(n, "INPUT")))
        return EINVAL;
      if (tt == NSP_NFT_DNAT && strcmp(n, "PREROUTING") && strcmp(n, "OUTPUT")) return EINVAL;
    }
    return 0;
  }
  default: return 0;
  }
}

/* -A, -I, -R: 0 or iptables' exit status */
static int ipt_rule_add(ipt_run *r) {
  ipt_cmd *cmd = r->cmd;
  nsp_nf_rule *rule = &cmd->rule;
  if ((rule->target == NSP_NFT_JUMP || rule->target == NSP_NFT_GOTO) &&
      !nsp_nf_chain_find(r->t, rule->chain)) {
    nsp_out(r->c, "iptables v1.8.9 (nf_tables): Chain '%s' does not exist\n"
                  "Try `iptables -h' or 'iptables --help' for more information.\n",
            rule->chain);
    return 2;
  }
  nsp_nf_chain *ch = ipt_chain(r, cmd->command != IPT_CMD_REPLACE);
  if (!ch) return ipt_errno_msg(r, "No chain/target/match by that name");
  if (!ch->builtin && (rule->target == NSP_NFT_SNAT || rule->target == NSP_NFT_DNAT ||
                       rule->target == NSP_NFT_MASQUERADE) && r->t->id == NSP_NF_NAT)
    return -1; /* nspath: NAT targets in user chains are not modelled */
  size_t pos = ch->n;
  if (cmd->command == IPT_CMD_INSERT) {
    size_t want = (size_t)cmd->rulenum - 1;
    if (want > ch->n) return ipt_errno_msg(r, "Index of insertion too big");
    pos = want;
  } else if (cmd->command == IPT_CMD_REPLACE) {
    if ((size_t)cmd->rulenum > ch->n) return ipt_errno_msg(r, "Index of replacement too big");
    pos = (size_t)cmd->rulenum - 1;
  }
  int err = ipt_rule_kernel_check(r, ch);
  if (err) return ipt_commit_failed(r, ipt_rule_op(cmd->command), err, "rule in chain");
  if (cmd->command == IPT_CMD_REPLACE) nsp_nf_rule_remove(ch, pos);
  nsp_nf_rule_insert(ch, pos, rule);
  r->changed = true;
  return 0;
}

/* -D RULE, -D N, -C RULE */
static int ipt_rule_del(ipt_run *r) {
  ipt_cmd *cmd = r->cmd;
  nsp_nf_chain *ch = ipt_chain(r, false);
  if (!ch) return ipt_errno_msg(r, "No chain/target/match by that name");
  if (cmd->command == IPT_CMD_DELETE_NUM) {
    if ((size_t)cmd->rulenum > ch->n) return ipt_errno_msg(r, "Index of deletion too big");
    nsp_nf_rule_remove(ch, (size_t)cmd->rulenum - 1);
    r->changed = true;
    return 0;
  }
  for (size_t i = 0; i < ch->n; i++) {
    if (!nsp_nf_rule_same(&ch->rules[i], &cmd->rule)) continue;
    if (cmd->command == IPT_CMD_DELETE) {
      nsp_nf_rule_remove(ch, i);
      r->changed = true;
    }
    return 0;
  }
  return ipt_errno_msg(r, "Bad rule (does a matching rule exist in that chain?)");
}

/* -F and -Z: every chain the kernel has, or the one named */
static int ipt_chains_each(ipt_run *r, bool flush) {
  ipt_cmd *cmd = r->cmd;
  if (cmd->chain) {
    nsp_nf_chain *ch = ipt_chain(r, flush);
    if (!ch) return ipt_errno_msg(r, "No chain/target/match by that name");
    if (flush) ch->n = 0;
    else for (size_t i = 0; i < ch->n; i++) ch->rules[i].pkts = ch->rules[i].bytes = 0;
    if (!flush) {
      ch->pkts = ch->bytes = 0;
      ch->counted = ch->builtin;
    }
    if (cmd->verbose) nsp_out(r->c, "%s chain `%s'\n", flush ? "Flushing" : "Zeroing", ch->name);
    r->changed = true;
    return 0;
  }
  if (flush && cmd->verbose) /* nft_rule_flush(): -v makes every built-in chain */
    for (size_t i = 0; i < r->t->n; i++)
      if (r->t->chains[i].builtin) r->t->chains[i].made = r->t->made = true;
  for (size_t i = 0; i < r->t->n; i++) {
    nsp_nf_chain *ch = &r->t->chains[i];
    if (!ch->made) continue;
    if (flush) ch->n = 0;
    else {
      for (size_t k = 0; k < ch->n; k++) ch->rules[k].pkts = ch->rules[k].bytes = 0;
      ch->pkts = ch->bytes = 0;
      ch->counted = ch->builtin;
    }
    if (cmd->verbose) nsp_out(r->c, "%s chain `%s'\n", flush ? "Flushing" : "Zeroing", ch->name);
  }
  r->changed = true;
  return 0;
}

/* -Z CHAIN N: that rule's counters (nft_rule_zero_counters()) */
static int ipt_rule_zero(ipt_run *r) {
  nsp_nf_chain *ch = ipt_chain(r, false);
  if (!ch) return ipt_errno_msg(r, "No chain/target/match by that name");
  if ((size_t)r->cmd->rulenum > ch->n) return ipt_errno_msg(r, "No chain/target/match by that name");
  ch->rules[r->cmd->rulenum - 1].pkts = ch->rules[r->cmd->rulenum - 1].bytes = 0;
  r->changed = true;
  return 0;
}

/* -X: a chain, or every user chain and the built-ins that may go
 * (nft_may_delete_chain(): policy ACCEPT, no rule) */
static int ipt_chain_del(ipt_run *r) {
  nsp_nf_table *t = r->t;
  if (r->cmd->chain) {
    nsp_nf_chain *ch = ipt_chain(r, false);
    if (!ch) return ipt_errno_msg(r, "No chain/target/match by that name");
    if (ch->builtin && ch->policy != NSP_NFT_ACCEPT) return ipt_errno_msg(r, "Directory not empty");
    if (ch->n || nsp_nf_chain_refs(t, ch->name))
      return ipt_commit_failed(r, "CHAIN_DEL", EBUSY, "chain");
    if (ch->builtin) ch->made = ch->counted = false, ch->pkts = ch->bytes = 0;
    else nsp_nf_chain_remove(t, ch);
    r->changed = true;
    return 0;
  }
  for (size_t i = 0; i < t->n; i++) {
    nsp_nf_chain *ch = &t->chains[i];
    if (ch->builtin || !ch->made) continue;
    if (nsp_nf_chain_refs(t, ch->name) || ch->n) {
      nsp_out(r->c, "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (%s): chain %s\n",
              g_strerror(EBUSY), ch->name);
      return 4;
    }
  }
  for (size_t i = 0; r->cmd->verbose && i < t->n; i++) /* __nft_chain_del() */
    if (!t->chains[i].builtin) nsp_out(r->c, "Deleting chain `%s'\n", t->chains[i].name);
  for (size_t i = t->n; i-- > 0;) {
    nsp_nf_chain *ch = &t->chains[i];
    if (ch->builtin) {
      if (ch->policy == NSP_NFT_ACCEPT && !ch->n) ch->made = ch->counted = false, ch->pkts = ch->bytes = 0;
      continue;
    }
    nsp_nf_chain_remove(t, ch);
  }
  r->changed = true;
  return 0;
}

static int ipt_chain_new(ipt_run *r) {
  if (nsp_nf_chain_find(r->t, r->cmd->chain)) return ipt_errno_msg(r, "Chain already exists");
  nsp_nf_chain_add(r->t, r->cmd->chain);
  r->t->made = r->changed = true;
  return 0;
}

static int ipt_chain_rename(ipt_run *r) {
  nsp_nf_chain *ch = nsp_nf_chain_find(r->t, r->cmd->chain);
  if (!ch || ch->builtin) return ipt_errno_msg(r, "No chain/target/match by that name");
  if (nsp_nf_chain_find(r->t, r->cmd->newname)) return ipt_errno_msg(r, "File exists");
  nsp_nf_chain_rename(r->t, ch, r->cmd->newname);
  r->changed = true;
  return 0;
}

static int ipt_policy(ipt_run *r) {
  nsp_nf_chain *ch = nsp_nf_chain_find(r->t, r->cmd->chain);
  if (!ch || !ch->builtin) return ipt_errno_msg(r, "Bad built-in chain name");
  const char *p = r->cmd->policy;
  if (strcmp(p, "ACCEPT") && strcmp(p, "DROP")) return ipt_errno_msg(r, "Bad policy name");
  ch->policy = strcmp(p, "DROP") ? NSP_NFT_ACCEPT : NSP_NFT_DROP;
  ch->made = ch->counted = r->t->made = r->changed = true;
  return 0;
}

static int ipt_listing(ipt_run *r) {
  ipt_cmd *cmd = r->cmd;
  bool found;
  GString *text = g_string_new(NULL);
  if (cmd->command & IPT_CMD_LIST) {
    unsigned f = IPT_FMT_OPTIONS | (cmd->verbose ? IPT_FMT_VIA : IPT_FMT_NOCOUNTS) |
                 (cmd->numeric ? IPT_FMT_NUMERIC : 0) | (cmd->expanded ? 0 : IPT_FMT_KILOMEGAGIGA) |
                 (cmd->linenumbers ? IPT_FMT_LINENUMBERS : 0);
    found = ipt_list(r->t, cmd->chain, cmd->rulenum, f, text);
  } else {
    found = ipt_save(r->t, cmd->chain, cmd->rulenum, cmd->verbose, text);
  }
  if (!found) {
    g_string_free(text, TRUE);
    nsp_out(r->c, "iptables v1.8.9 (nf_tables): chain `%s' in table `%s' is incompatible, use "
                  "'nft' tool.\n", cmd->chain, nsp_nf_table_name(r->t->id));
    return 1;
  }
  nsp_out(r->c, "%s", text->str);
  g_string_free(text, TRUE);
  if (cmd->command & IPT_CMD_ZERO) return ipt_chains_each(r, false);
  if (cmd->command & IPT_CMD_ZERO_NUM) return ipt_rule_zero(r);
  return 0;
}

/* -1: a form nspath does not model after all (c->why set by the caller) */
static int ipt_execute(ipt_run *r) {
  switch (r->cmd->command) {
  case IPT_CMD_APPEND:
  case IPT_CMD_INSERT:
  case IPT_CMD_REPLACE: return ipt_rule_add(r);
  case IPT_CMD_DELETE:
  case IPT_CMD_DELETE_NUM:
  case IPT_CMD_CHECK: return ipt_rule_del(r);
  case IPT_CMD_FLUSH: return ipt_chains_each(r, true);
  case IPT_CMD_ZERO: return ipt_chains_each(r, false);
  case IPT_CMD_ZERO_NUM: return ipt_rule_zero(r);
  case IPT_CMD_NEW_CHAIN: return ipt_chain_new(r);
  case IPT_CMD_DELETE_CHAIN: return ipt_chain_del(r);
  case IPT_CMD_RENAME_CHAIN: return ipt_chain_rename(r);
  case IPT_CMD_SET_POLICY: return ipt_policy(r);
  default:
    if (r->cmd->command & (IPT_CMD_LIST | IPT_CMD_LIST_RULES)) return ipt_listing(r);
    return -1;
  }
}

/* --real: the program itself in the namespace */
static nsp_line_result ipt_real(nsp_cmd_ctx *c, int argc, char **argv) {
  char **v = g_new0(char *, (size_t)argc + 1);
  v[0] = (char *)IPT_PROGRAM;
  for (int i = 1; i < argc; i++) v[i] = argv[i];
  char *out = NULL;
  nsp_status st = {0};
  bool ok = c->be->ops->tool_run(c->be, c->ns, v, &out, &c->status, &st);
  g_free(v);
  if (!ok) return nsp_unsupported(c, "%s could not run: %s", IPT_PROGRAM, g_strerror(st.err));
  g_string_append(c->out, out);
  g_free(out);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_iptables(nsp_cmd_ctx *c, int argc, char **argv) {
  ipt_cmd cmd;
  GString *msg = g_string_new(NULL);
  ipt_status ps = ipt_parse(argc, argv, &cmd, msg);
  nsp_line_result res = NSP_LINE_OK;
  if (ps == IPT_UNSUPPORTED) {
    res = nsp_unsupported(c, "%s", msg->str);
  } else if (c->be->ops->tool_run) {
    res = ipt_real(c, argc, argv);
  } else if (ps != IPT_OK) {
    g_string_append(c->out, msg->str);
    c->status = ps;
  } else {
    nsp_status st = {0};
    ipt_run r = {.c = c, .cmd = &cmd};
    r.t = c->be->ops->nf_table_get(c->be, c->ns, cmd.table_id, &st);
    int rc = r.t ? ipt_execute(&r) : -2;
    if (rc == -2) res = nsp_unsupported(c, "iptables: %s", g_strerror(st.err));
    else if (rc < 0) res = nsp_unsupported(c, "this form of iptables is not modelled");
    else c->status = rc;
    if (rc == 0 && r.changed && !c->be->ops->nf_table_set(c->be, c->ns, r.t, &st))
      res = nsp_unsupported(c, "iptables: %s", g_strerror(st.err));
    nsp_nf_table_free(r.t);
  }
  g_string_free(msg, TRUE);
  ipt_cmd_clear(&cmd);
  return res;
}
