/* Splitting lines, dispatching commands, and the pieces every command uses. */
#include "core/cmd.h"

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
  return strncmp(word, keyword, strlen(word)) == 0;
}

static bool args_shell_only(char ch, GString *why) {
  static const char meta[] = "|;&<>`$(){}*?[]~";
  if (!strchr(meta, ch)) return false;
  g_string_printf(why, "shell syntax '%c' (pipes, redirections, substitutions, globs) is not run",
                  ch);
  return true;
}

/* A small sh word splitter: blanks separate, '...' is literal, "..." keeps
 * blanks, a backslash quotes the next character.  Unquoted, '|' ends a
 * pipeline stage (words go on into the next nsp_args) and a final '&'
 * puts the line in the background; what else only a shell could run
 * (redirections, substitutions, lists, globs) fails with *why. */
static bool args_words(const char *line, GPtrArray *stages, bool *bg, GString *why) {
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(stages, words);
  GString *w = NULL;
  char quote = 0;
  for (const char *p = line; *p; p++) {
    char ch = *p;
    if (quote) {
      if (ch == quote) quote = 0;
      else if (ch == '\\' && quote == '"' && p[1]) g_string_append_c(w, *++p);
      else g_string_append_c(w, ch);
      continue;
    }
    bool blank = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    if (blank || ch == '|' || ch == '&') {
      if (w) g_ptr_array_add(words, g_string_free(w, FALSE));
      w = NULL;
    }
    if (blank) continue;
    if (ch == '#' && !w) break;
    if (ch == '|' && bg && p[1] != '|') {
      g_ptr_array_add(stages, words = g_ptr_array_new_with_free_func(g_free));
      continue;
    }
    if (ch == '&' && bg && p[1] != '&' && !*bg) {
      const char *rest = p + 1;
      while (*rest == ' ' || *rest == '\t' || *rest == '\r') rest++;
      if (!*rest || *rest == '#') {
        *bg = true;
        break;
      }
    }
    if (args_shell_only(ch, why)) {
      if (w) g_string_free(w, TRUE);
      return false;
    }
    if (!w) w = g_string_new(NULL);
    if (ch == '\'' || ch == '"') quote = ch;
    else if (ch == '\\' && p[1]) g_string_append_c(w, *++p);
    else g_string_append_c(w, ch);
  }
  if (quote) {
    if (w) g_string_free(w, TRUE);
    g_string_printf(why, "unterminated %c quote", quote);
    return false;
  }
  if (w) g_ptr_array_add(words, g_string_free(w, FALSE));
  return true;
}

static void args_take(GPtrArray *words, nsp_args *a) {
  a->n = (int)words->len;
  g_ptr_array_add(words, NULL);
  g_ptr_array_set_free_func(words, NULL);
  a->v = (char **)g_ptr_array_free(words, FALSE);
}

static void args_stages_free(GPtrArray *stages) {
  for (guint i = 0; i < stages->len; i++) g_ptr_array_free(g_ptr_array_index(stages, i), TRUE);
  g_ptr_array_free(stages, TRUE);
}

bool nsp_args_split(const char *line, nsp_args *a, GString *why) {
  GPtrArray *stages = g_ptr_array_new();
  a->v = NULL;
  a->n = 0;
  bool ok = args_words(line, stages, NULL, why);
  if (ok) args_take(g_ptr_array_steal_index(stages, 0), a);
  args_stages_free(stages);
  return ok;
}

bool nsp_pipeline_split(const char *line, nsp_pipeline *pl, GString *why) {
  GPtrArray *stages = g_ptr_array_new();
  memset(pl, 0, sizeof *pl);
  bool ok = args_words(line, stages, &pl->background, why);
  for (guint i = 0; ok && i < stages->len; i++) {
    if (((GPtrArray *)g_ptr_array_index(stages, i))->len) continue;
    /* bash: "syntax error near unexpected token `|'" */
    g_string_printf(why, "an empty command in a pipeline");
    ok = false;
  }
  if (ok) {
    pl->n = stages->len;
    pl->stages = g_new0(nsp_args, pl->n);
    for (guint i = 0; i < pl->n; i++) args_take(g_ptr_array_index(stages, i), &pl->stages[i]);
    g_ptr_array_set_size(stages, 0);
  }
  args_stages_free(stages);
  return ok;
}

void nsp_pipeline_free(nsp_pipeline *pl) {
  for (guint i = 0; i < pl->n; i++) nsp_args_free(&pl->stages[i]);
  g_free(pl->stages);
  memset(pl, 0, sizeof *pl);
}

void nsp_args_free(nsp_args *a) {
  g_strfreev(a->v);
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
  if (st->extack[0])
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

nsp_line_result nsp_cmd_run(nsp_cmd_ctx *c, int argc, char **argv) {
  int skip = cmd_skip_sudo(argc, argv);
  argc -= skip;
  argv += skip;
  c->status = 0;
  if (argc == 0) return nsp_unsupported(c, "nothing to run after sudo");
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (strcmp(base, "ip") == 0) return nsp_cmd_ip(c, argc, argv);
  if (strcmp(base, "ping") == 0) return nsp_cmd_ping(c, argc, argv);
  if (strcmp(base, "sysctl") == 0) return nsp_cmd_sysctl(c, argc, argv);
  if (strcmp(base, "nc") == 0) return nsp_cmd_nc(c, argc, argv);
  if (strcmp(base, "iptables") == 0) return nsp_cmd_iptables(c, argc, argv);
  if (strcmp(base, "tcpdump") == 0) return nsp_cmd_tcpdump(c, argc, argv);
  if (strcmp(base, "bridge") == 0) return nsp_cmd_bridge(c, argc, argv);
  if (strcmp(base, "sleep") == 0 || strcmp(argv[0], "kill") == 0 || strcmp(argv[0], "wait") == 0 ||
      strcmp(argv[0], "jobs") == 0)
    return nsp_cmd_shell(c, argc, argv);
  return nsp_unsupported(c, "command \"%s\" is outside nspath's world (ip, ping, sysctl)", argv[0]);
}
