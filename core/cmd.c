/* Splitting lines, dispatching commands, and the pieces every command uses. */
#include "core/cmd.h"

#include <arpa/inet.h>

#include <stdarg.h>
#include <string.h>

void nsp_out(nsp_cmd_ctx *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_string_append_vprintf(c->out, fmt, ap);
  va_end(ap);
}

nsp_line_result nsp_unsupported(nsp_cmd_ctx *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_string_truncate(c->why, 0);
  g_string_append_vprintf(c->why, fmt, ap);
  va_end(ap);
  c->unsupported = true;
  return NSP_LINE_UNSUPPORTED;
}

bool nsp_matches(const char *word, const char *keyword) {
  if (!*word) return false;
  /* strncmp(word, keyword, strlen(word)) == 0 in one pass: every line goes
   * through a dozen of these */
  for (; *word; word++, keyword++)
    if (*word != *keyword) return false;
  return true;
}

/* What a character is to the splitter, outside quotes: most are ordinary
 * (0) and are copied in runs; the rest are told apart with one load, not
 * a chain of comparisons per character of every line. */
enum { ARG_ORD, ARG_BLANK, ARG_QUOTE, ARG_BACKSLASH, ARG_HASH, ARG_META, ARG_END };
static const uint8_t args_class[256] = {
    [0] = ARG_END, [' '] = ARG_BLANK, ['\t'] = ARG_BLANK, ['\r'] = ARG_BLANK, ['\n'] = ARG_BLANK,
    ['\''] = ARG_QUOTE, ['"'] = ARG_QUOTE, ['\\'] = ARG_BACKSLASH, ['#'] = ARG_HASH,
    /* "|;&<>`$(){}*?[]~": pipes, redirections, substitutions, globs */
    ['|'] = ARG_META, [';'] = ARG_META, ['&'] = ARG_META, ['<'] = ARG_META, ['>'] = ARG_META,
    ['`'] = ARG_META, ['$'] = ARG_META, ['('] = ARG_META, [')'] = ARG_META, ['{'] = ARG_META,
    ['}'] = ARG_META, ['*'] = ARG_META, ['?'] = ARG_META, ['['] = ARG_META, [']'] = ARG_META,
    ['~'] = ARG_META,
};

/* A small sh word splitter: blanks separate, '...' is literal, "..." keeps
 * blanks, a backslash quotes the next character, a '#' that starts a word
 * starts a comment.  The words are written into one block after the
 * pointer array (a word is never longer than the line), so a line costs one
 * allocation, not one per word and character. */
bool nsp_args_split(const char *line, nsp_args *a, GString *why) {
  size_t len = strlen(line), max_words = len / 2 + 1;
  char **v = g_malloc((max_words + 1) * sizeof *v + len + 1);
  char *out = (char *)(v + max_words + 1);
  const char *p = line;
  char quote = 0;
  bool in_word = false;
  int n = 0;
  for (;;) {
    char ch = *p;
    if (quote) {
      if (!ch) break;
      if (ch == quote) quote = 0;
      /* in double quotes a backslash quotes only $ ` " \\ and a newline, and
       * stays before anything else (bash: "a\\b" is a\\b) */
      else if (ch == '\\' && quote == '"' && p[1] && strchr("$`\"\\\n", p[1])) *out++ = *++p;
      else *out++ = ch;
      p++;
      continue;
    }
    switch (args_class[(uint8_t)ch]) {
    case ARG_END: goto done;
    case ARG_BLANK:
      if (in_word) *out++ = '\0';
      in_word = false;
      p++;
      continue;
    case ARG_META:
      g_string_printf(why, "shell syntax '%c' (pipes, redirections, substitutions, globs) is not run", ch);
      goto fail;
    case ARG_HASH:
      if (!in_word) goto done;
      break; /* inside a word, an ordinary character */
    case ARG_QUOTE:
      if (!in_word) v[n++] = out, in_word = true;
      quote = ch;
      p++;
      continue;
    case ARG_BACKSLASH:
      if (!in_word) v[n++] = out, in_word = true;
      if (p[1]) p++;
      *out++ = *p++;
      continue;
    default: break;
    }
    if (!in_word) v[n++] = out, in_word = true;
    do *out++ = *p++; while (args_class[(uint8_t)*p] == ARG_ORD || *p == '#');
  }
done:
  if (quote) {
    g_string_printf(why, "unterminated %c quote", quote);
    goto fail;
  }
  if (in_word) *out = '\0';
  v[n] = NULL;
  a->v = v;
  a->n = n;
  return true;
fail:
  g_free(v);
  a->v = NULL;
  a->n = 0;
  return false;
}

/* Where the shell would cut line: at each unquoted '|' (not "||", which
 * nsp_args_split() refuses as a list), and before a final '&' (one
 * followed only by blanks or a comment).  Quotes and backslashes as
 * nsp_args_split(); a comment ends the line.  The stages' ends go into
 * cuts (each a length from line), *bg says whether there was a '&'. */
static void pipeline_cuts(const char *line, GArray *cuts, bool *bg) {
  char quote = 0;
  bool in_word = false;
  const char *p = line;
  for (; *p; p++) {
    char ch = *p;
    if (quote) {
      if (ch == quote) quote = 0;
      else if (ch == '\\' && quote == '"' && p[1]) p++;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      in_word = false;
      continue;
    }
    if (ch == '#' && !in_word) break;
    if (ch == '|' && p[1] != '|' && (p == line || p[-1] != '|')) {
      gsize at = (gsize)(p - line);
      g_array_append_val(cuts, at);
      in_word = false;
      continue;
    }
    if (ch == '&' && p[1] != '&' && (p == line || p[-1] != '&')) {
      const char *rest = p + 1;
      while (*rest == ' ' || *rest == '\t' || *rest == '\r') rest++;
      if (!*rest || *rest == '#') {
        *bg = true;
        break;
      }
    }
    in_word = true;
    if (ch == '\'' || ch == '"') quote = ch;
    else if (ch == '\\' && p[1]) p++;
  }
  gsize end = (gsize)(p - line);
  g_array_append_val(cuts, end);
}

bool nsp_pipeline_split(const char *line, nsp_pipeline *pl, GString *why) {
  memset(pl, 0, sizeof *pl);
  if (!strpbrk(line, "|&")) { /* most lines: one command, one allocation */
    pl->stages = g_new0(nsp_args, 1);
    pl->n = 1;
    if (nsp_args_split(line, &pl->stages[0], why)) return true;
    nsp_pipeline_free(pl);
    return false;
  }
  GArray *cuts = g_array_new(FALSE, FALSE, sizeof(gsize));
  pipeline_cuts(line, cuts, &pl->background);
  pl->stages = g_new0(nsp_args, cuts->len);
  bool ok = true;
  gsize from = 0;
  for (guint i = 0; ok && i < cuts->len; i++) {
    gsize to = g_array_index(cuts, gsize, i);
    char *part = g_strndup(line + from, to - from);
    from = to + 1;
    ok = nsp_args_split(part, &pl->stages[i], why);
    g_free(part);
    pl->n = i + 1;
    if (ok && pl->stages[i].n == 0 && (cuts->len > 1 || pl->background)) {
      /* bash: "syntax error near unexpected token `|'" (or `&') */
      g_string_printf(why, "an empty command in a pipeline");
      ok = false;
    }
  }
  g_array_free(cuts, TRUE);
  if (!ok) nsp_pipeline_free(pl);
  return ok;
}

void nsp_pipeline_free(nsp_pipeline *pl) {
  for (guint i = 0; i < pl->n; i++) nsp_args_free(&pl->stages[i]);
  g_free(pl->stages);
  memset(pl, 0, sizeof *pl);
}

void nsp_args_free(nsp_args *a) {
  g_free(a->v);
  a->v = NULL;
  a->n = 0;
}

int nsp_backend_link_index(nsp_backend *be, const char *ns, const char *name) {
  if (be->ops->link_index) return be->ops->link_index(be, ns, name);
  size_t n;
  int idx = 0;
  nsp_link *l = be->ops->link_list(be, ns, &n);
  for (size_t i = 0; i < n && !idx; i++)
    if (strcmp(l[i].name, name) == 0) idx = l[i].ifindex;
  g_free(l);
  return idx;
}

int nsp_ifindex_by_name(nsp_cmd_ctx *c, const char *name) {
  return nsp_backend_link_index(c->be, c->ns, name);
}

const char *nsp_ifname_by_index(nsp_cmd_ctx *c, int ifindex, char buf[NSP_IFNAMSIZ]) {
  size_t n;
  nsp_link *l = c->be->ops->link_list(c->be, c->ns, &n);
  g_snprintf(buf, NSP_IFNAMSIZ, "if%d", ifindex);
  for (size_t i = 0; i < n; i++)
    if (l[i].ifindex == ifindex) g_strlcpy(buf, l[i].name, NSP_IFNAMSIZ);
  g_free(l);
  return buf;
}

void nsp_rtnl_error(nsp_cmd_ctx *c, const nsp_status *st) {
  if (st->recv_error) /* lib/libnetlink.c __rtnl_recvmsg() */
    nsp_out(c, "netlink receive error %s (%d)\n", g_strerror(st->err), st->err);
  else if (st->extack[0])
    nsp_out(c, "Error: %s.\n", st->extack);
  else
    nsp_out(c, "RTNETLINK answers: %s\n", g_strerror(st->err));
}

/* `sudo [-E] CMD...`: sudo only elevates; nspath is all-powerful already. */
static int cmd_skip_sudo(int argc, char **argv) {
  int i = 0;
  while (i < argc && strcmp(argv[i], "sudo") == 0) {
    i++;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) i++;
  }
  return i;
}

/* The first word that is an IPv6 address or prefix ("::1", "fe80::1/64"):
 * the model has no IPv6, and iproute2's and ping's answers to one depend on
 * it (the differential fuzzer, tests/difffuzz, met them as differences);
 * such a line is one nspath cannot run.  MAC addresses never parse as one. */
static const char *cmd_ipv6_word(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    char buf[INET6_ADDRSTRLEN + 8];
    struct in6_addr a;
    if (!strchr(argv[i], ':') || strlen(argv[i]) >= sizeof buf) continue;
    g_strlcpy(buf, argv[i], sizeof buf);
    char *slash = strchr(buf, '/');
    if (slash) *slash = '\0';
    if (inet_pton(AF_INET6, buf, &a) == 1) return argv[i];
  }
  return NULL;
}

nsp_line_result nsp_cmd_run(nsp_cmd_ctx *c, int argc, char **argv) {
  int skip = cmd_skip_sudo(argc, argv);
  argc -= skip;
  argv += skip;
  c->status = 0;
  if (argc == 0) return nsp_unsupported(c, "nothing to run after sudo");
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  const char *v6 = (strcmp(base, "ip") == 0 || strcmp(base, "ping") == 0 ||
                    strcmp(base, "traceroute") == 0) ? cmd_ipv6_word(argc, argv)
                                                                          : NULL;
  if (v6) return nsp_unsupported(c, "IPv6 address \"%s\": IPv6 is not modelled", v6);
  if (strcmp(base, "ip") == 0) return nsp_cmd_ip(c, argc, argv);
  if (strcmp(base, "ping") == 0) return nsp_cmd_ping(c, argc, argv);
  if (strcmp(base, "sysctl") == 0) return nsp_cmd_sysctl(c, argc, argv);
  if (strcmp(base, "nc") == 0) return nsp_cmd_nc(c, argc, argv);
  if (strcmp(base, "traceroute") == 0) return nsp_cmd_traceroute(c, argc, argv);
  if (strcmp(base, "iptables") == 0) return nsp_cmd_iptables(c, argc, argv);
  if (strcmp(base, "conntrack") == 0) return nsp_cmd_conntrack(c, argc, argv);
  if (strcmp(base, "tcpdump") == 0) return nsp_cmd_tcpdump(c, argc, argv);
  if (strcmp(base, "bridge") == 0) return nsp_cmd_bridge(c, argc, argv);
  if (strcmp(base, "sleep") == 0 || strcmp(argv[0], "kill") == 0 || strcmp(argv[0], "wait") == 0 ||
      strcmp(argv[0], "jobs") == 0)
    return nsp_cmd_shell(c, argc, argv);
  return nsp_unsupported(c, "command \"%s\" is outside nspath's world (ip, bridge, ping, traceroute, tcpdump, nc, iptables, conntrack, sysctl, sleep, kill, wait, jobs)", argv[0]);
}
