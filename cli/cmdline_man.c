/* The man page nspath(1) from the command tables (cli/cmdline.h): the same
 * texts and options as --help, in roff with the man macros. */
#include <string.h>

#include "cli/cmdline.h"

/* Words in capitals (SCENARIO, DIR) are what the user fills in: italic;
 * the rest is typed as it stands. */
static void man_args(GString *m, const char *args) {
  for (const char *p = args; *p;) {
    size_t n = 0;
    while (g_ascii_isupper(p[n]) || p[n] == '_') n++;
    if (n > 1) {
      char *w = g_strndup(p, n);
      g_string_append(m, "\\fI");
      nsp_cli_roff_escape(m, w);
      g_string_append(m, "\\fR");
      g_free(w);
      p += n;
    } else {
      char one[2] = {*p, 0};
      nsp_cli_roff_escape(m, one);
      p++;
    }
  }
}

static void man_bold(GString *m, const char *s) {
  g_string_append(m, "\\fB");
  nsp_cli_roff_escape(m, s);
  g_string_append(m, "\\fR");
}

/* "--pcap-dir=DIR", "-h, --help", "--opt[=X]" as GOption's help writes them. */
static void man_option(GString *m, const GOptionEntry *e, bool with_short) {
  if (with_short && e->short_name) {
    char s[3] = {'-', e->short_name, 0};
    man_bold(m, s);
    g_string_append(m, ", ");
  }
  char *l = g_strconcat("--", e->long_name, NULL);
  man_bold(m, l);
  g_free(l);
  if (e->arg == G_OPTION_ARG_NONE) return;
  bool optional = e->flags & G_OPTION_FLAG_OPTIONAL_ARG;
  g_string_append(m, optional ? "[=" : "=");
  man_args(m, e->arg_description ? e->arg_description : "VALUE");
  if (optional) g_string_append_c(m, ']');
}

static bool man_visible(const GOptionEntry *e) {
  return e->long_name && !(e->flags & G_OPTION_FLAG_HIDDEN) && strcmp(e->long_name, "") != 0;
}

static void man_synopsis(GString *m, const char *prog, const nsp_cli_command *c) {
  g_string_append(m, ".ti -4n\n");
  char *name = g_strdup_printf("%s %s", prog, c->name);
  man_bold(m, name);
  g_free(name);
  for (const GOptionEntry *e = c->options; e && e->long_name; e++) {
    if (!man_visible(e)) continue;
    g_string_append(m, " [");
    man_option(m, e, false);
    g_string_append_c(m, ']');
  }
  if (c->args) {
    g_string_append_c(m, ' ');
    man_args(m, c->args);
  }
  g_string_append(m, "\n.br\n");
}

static void man_options(GString *m, const GOptionEntry *e) {
  for (; e && e->long_name; e++) {
    if (!man_visible(e)) continue;
    g_string_append(m, ".TP\n");
    man_option(m, e, true);
    g_string_append_c(m, '\n');
    nsp_cli_roff_escape(m, e->description ? e->description : "");
    g_string_append(m, ".\n");
  }
}

static void man_command(GString *m, const char *prog, const nsp_cli_command *c) {
  char *title = g_strdup_printf("%s %s", prog, c->name);
  g_string_append(m, ".SS \"");
  nsp_cli_roff_escape(m, title);
  g_string_append(m, "\"\n");
  g_free(title);
  g_string_append(m, ".PP\n");
  nsp_cli_roff_escape(m, c->summary);
  g_string_append(m, ".\n");
  if (c->description) nsp_cli_text_roff(m, c->description);
  man_options(m, c->options);
}

char *nsp_cli_man_page(const nsp_cli_program *p) {
  GString *m = g_string_new(NULL);
  char *up = g_ascii_strup(p->name, -1);
  g_string_append_printf(m, ".\\\" %s(1), written by `%s help --man` from the option tables in cli/.\n",
                         p->name, p->name);
  g_string_append_printf(m, ".TH %s 1 \"\" \"%s %s\" \"User Commands\"\n", up, p->name, p->version);
  g_string_append(m, ".nh\n.ad l\n"); /* options and paths: never hyphenated or stretched */
  g_free(up);
  g_string_append(m, ".SH NAME\n");
  nsp_cli_roff_escape(m, p->name);
  g_string_append(m, " \\- ");
  nsp_cli_roff_escape(m, p->summary);
  g_string_append(m, "\n.SH SYNOPSIS\n.PP\n.in +4n\n.ti -4n\n");
  man_bold(m, p->name);
  g_string_append(m, " [\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR | \\fB\\-\\-help\\-all\\fR]\n.br\n");
  for (const nsp_cli_command *const *c = p->commands; *c; c++) man_synopsis(m, p->name, *c);
  g_string_append(m, ".in\n.SH DESCRIPTION\n");
  nsp_cli_text_roff(m, p->description);
  g_string_append(m, ".SH COMMANDS\n");
  for (const nsp_cli_command *const *c = p->commands; *c; c++) man_command(m, p->name, *c);
  g_string_append(m, ".SH OPTIONS\n.PP\nBefore a command:\n");
  man_options(m, nsp_cli_program_options());
  g_string_append(m, ".PP\nAfter any command:\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n"
                     "Show the command\\(aqs help (what \\fB");
  nsp_cli_roff_escape(m, p->name);
  g_string_append(m, " help\\fR \\fICOMMAND\\fR prints).\n");
  for (const nsp_cli_section *s = p->sections; s && s->title; s++) {
    char *t = g_ascii_strup(s->title, -1);
    g_string_append(m, ".SH \"");
    nsp_cli_roff_escape(m, t);
    g_string_append(m, "\"\n");
    g_free(t);
    nsp_cli_text_roff(m, s->text);
  }
  return g_string_free(m, FALSE);
}
