#include "cli/cmdline.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#define HELP_WIDTH 79

/* ---- nspath help ------------------------------------------------------------ */

typedef struct {
  gboolean man;
  const nsp_cli_program *program; /* set before the handler runs */
} help_opts;

static int help_run(void *opts, char **args);

static const GOptionEntry help_options[] = {
    {"man", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NSP_CLI_FIELD(help_opts, man),
     "Print the man page (roff); the build writes nspath.1 with it", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command nsp_cli_help = {
    .name = "help",
    .args = "[COMMAND]",
    .max_args = 1,
    .summary = "Show the help of a command, or the list of commands",
    .description = "nspath help COMMAND prints what nspath COMMAND --help prints: what the "
                   "command does, its arguments and every option.  Without COMMAND it prints "
                   "what nspath --help prints.",
    .options = help_options,
    .opts_size = sizeof(help_opts),
    .run = help_run,
};

/* ---- the program's own options: nspath --version, --help, --help-all --------- */

typedef struct {
  gboolean version, help, help_all;
} top_opts;

static const GOptionEntry top_options[] = {
    {"version", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(top_opts, version), "Print the version", NULL},
    {"help", 'h', 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(top_opts, help),
     "Show this help (with a command: that command's help)", NULL},
    {"help-all", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(top_opts, help_all),
     "Show this help and the help of every command", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const GOptionEntry *nsp_cli_program_options(void) { return top_options; }

/* ---- option tables bound to an options struct -------------------------------- */

static guint entries_count(const GOptionEntry *e) {
  guint n = 0;
  while (e && e[n].long_name) n++;
  return n;
}

/* A copy of a command's entries with arg_data turned from offsets into
 * addresses in opts; then -h/--help (--help-all: the same, since a command
 * has one group) into *help and the positional arguments into *rest. */
static GOptionEntry *entries_bind(const GOptionEntry *table, void *opts, gboolean *help, char ***rest) {
  guint n = entries_count(table);
  GOptionEntry *e = g_new0(GOptionEntry, n + 4);
  for (guint i = 0; i < n; i++) {
    e[i] = table[i];
    if (e[i].arg != G_OPTION_ARG_CALLBACK) e[i].arg_data = (char *)opts + (uintptr_t)table[i].arg_data;
  }
  if (help) {
    e[n++] = (GOptionEntry){"help", 'h', 0, G_OPTION_ARG_NONE, help, "Show this help", NULL};
    e[n++] = (GOptionEntry){"help-all", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, help, NULL, NULL};
  }
  if (rest) e[n] = (GOptionEntry){G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, rest, NULL, NULL};
  return e;
}

/* Frees the strings GOption stored in opts. */
static void opts_free(const GOptionEntry *table, void *opts) {
  for (guint i = 0; i < entries_count(table); i++) {
    void *field = (char *)opts + (uintptr_t)table[i].arg_data;
    switch (table[i].arg) {
    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_FILENAME: g_free(*(char **)field); break;
    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY: g_strfreev(*(char ***)field); break;
    default: break;
    }
  }
  g_free(opts);
}

static GOptionContext *context_new(const char *prgname, const char *params, const char *summary,
                                   const char *description, GOptionEntry *e, void *data) {
  /* the usage line is "PRGNAME [OPTION…] PARAMS" */
  g_set_prgname(prgname);
  GOptionContext *ctx = g_option_context_new(params);
  /* help is ours: GLib's prints through g_print (charset-converted) and exits */
  g_option_context_set_help_enabled(ctx, FALSE);
  GOptionGroup *g = g_option_group_new("main", summary, summary, data, NULL);
  g_option_group_add_entries(g, e);
  g_option_context_set_main_group(ctx, g);
  g_option_context_set_summary(ctx, summary);
  if (description) g_option_context_set_description(ctx, description);
  return ctx;
}

static GOptionContext *command_context(const nsp_cli_program *p, const nsp_cli_command *c,
                                       GOptionEntry *e, void *opts) {
  char *prg = g_strdup_printf("%s %s", p->name, c->name);
  GString *d = g_string_new(NULL);
  if (c->description) nsp_cli_text_wrap(d, c->description, 0, HELP_WIDTH);
  GOptionContext *ctx = context_new(prg, c->args, c->summary, d->len ? d->str : NULL, e, opts);
  g_string_free(d, TRUE);
  g_free(prg);
  return ctx;
}

const nsp_cli_command *nsp_cli_command_find(const nsp_cli_program *p, const char *name) {
  for (const nsp_cli_command *const *c = p->commands; *c; c++)
    if (strcmp((*c)->name, name) == 0) return *c;
  return NULL;
}

int nsp_cli_usage_error(const char *prog, const nsp_cli_command *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (c) fprintf(stderr, "%s %s: %s (see: %s help %s)\n", prog, c->name, msg, prog, c->name);
  else fprintf(stderr, "%s: %s (see: %s --help)\n", prog, msg, prog);
  g_free(msg);
  return 2;
}

/* ---- help texts ---------------------------------------------------------------- */

char *nsp_cli_command_help(const nsp_cli_program *p, const nsp_cli_command *c) {
  void *opts = g_malloc0(c->opts_size ? c->opts_size : 1);
  gboolean help;
  char **rest;
  GOptionEntry *e = entries_bind(c->options, opts, &help, &rest);
  GOptionContext *ctx = command_context(p, c, e, opts);
  char *text = g_option_context_get_help(ctx, TRUE, NULL);
  g_option_context_free(ctx);
  g_free(e);
  g_free(opts);
  return text;
}

static GOptionContext *program_context(const nsp_cli_program *p, GOptionEntry *e, void *opts) {
  GString *d = g_string_new("Commands:\n");
  size_t w = 0;
  for (const nsp_cli_command *const *c = p->commands; *c; c++) w = MAX(w, strlen((*c)->name));
  for (const nsp_cli_command *const *c = p->commands; *c; c++)
    g_string_append_printf(d, "  %-*s  %s\n", (int)w, (*c)->name, (*c)->summary);
  g_string_append_printf(d, "\n%s help COMMAND (or %s COMMAND --help) shows a command's help.\n",
                         p->name, p->name);
  for (const nsp_cli_section *s = p->sections; s && s->title; s++) {
    if (!s->in_help) continue;
    g_string_append_printf(d, "\n%s:\n", s->title);
    nsp_cli_text_wrap(d, s->text, 2, HELP_WIDTH);
  }
  GOptionContext *ctx = context_new(p->name, "COMMAND [ARGUMENTS]", p->summary, d->str, e, opts);
  g_option_context_set_strict_posix(ctx, TRUE); /* options after COMMAND are the command's */
  g_string_free(d, TRUE);
  return ctx;
}

char *nsp_cli_program_help(const nsp_cli_program *p) {
  top_opts t = {0};
  GOptionEntry *e = entries_bind(top_options, &t, NULL, NULL);
  GOptionContext *ctx = program_context(p, e, &t);
  char *text = g_option_context_get_help(ctx, TRUE, NULL);
  g_option_context_free(ctx);
  g_free(e);
  return text;
}

static char *program_help_all(const nsp_cli_program *p) {
  GString *s = g_string_new(NULL);
  char *top = nsp_cli_program_help(p);
  g_string_append(s, top);
  g_free(top);
  for (const nsp_cli_command *const *c = p->commands; *c; c++) {
    char *h = nsp_cli_command_help(p, *c);
    g_string_append_printf(s, "\n%s\n", h);
    g_free(h);
  }
  return g_string_free(s, FALSE);
}

static int help_run(void *opts, char **args) {
  const help_opts *o = opts;
  const nsp_cli_program *p = o->program;
  char *text;
  if (o->man && args[0]) return nsp_cli_usage_error(p->name, &nsp_cli_help, "--man takes no COMMAND");
  if (o->man) {
    text = nsp_cli_man_page(p);
  } else if (args[0]) {
    const nsp_cli_command *c = nsp_cli_command_find(p, args[0]);
    if (!c) return nsp_cli_usage_error(p->name, NULL, "unknown command '%s'", args[0]);
    text = nsp_cli_command_help(p, c);
  } else {
    text = nsp_cli_program_help(p);
  }
  fputs(text, stdout);
  g_free(text);
  return 0;
}

/* ---- parsing ----------------------------------------------------------------- */

static int command_args_check(const nsp_cli_program *p, const nsp_cli_command *c, char **args) {
  guint n = g_strv_length(args);
  if (n > c->max_args) {
    if (!c->max_args) return nsp_cli_usage_error(p->name, c, "takes no arguments ('%s' given)", args[0]);
    if (c->max_args == 1)
      return nsp_cli_usage_error(p->name, c, "one %s at a time ('%s' and '%s')", c->args, args[0],
                                 args[1]);
    return nsp_cli_usage_error(p->name, c, "too many arguments from '%s' on (it takes %s)",
                               args[c->max_args], c->args);
  }
  if (n < c->min_args) {
    if (!n) return nsp_cli_usage_error(p->name, c, "%s missing", c->args);
    return nsp_cli_usage_error(p->name, c, "takes %s, %u given", c->args, n);
  }
  return -1;
}

/* Parses argv (argv[0] is the command's name) into the command's options
 * and runs it. */
static int command_run(const nsp_cli_program *p, const nsp_cli_command *c, int argc, char **argv) {
  void *opts = g_malloc0(c->opts_size ? c->opts_size : 1);
  if (c->opts_init) c->opts_init(opts);
  if (c == &nsp_cli_help) ((help_opts *)opts)->program = p;
  gboolean help = FALSE;
  char **rest = NULL;
  GOptionEntry *e = entries_bind(c->options, opts, &help, &rest);
  GOptionContext *ctx = command_context(p, c, e, opts);
  /* GOption reorders the vector it is given: a copy, the caller's stays */
  char **v = g_new0(char *, (gsize)argc + 1), **vv = v;
  memcpy(v, argv, sizeof *v * (gsize)argc);
  GError *err = NULL;
  int rc;
  if (!g_option_context_parse(ctx, &argc, &vv, &err)) {
    rc = nsp_cli_usage_error(p->name, c, "%s", err->message);
    g_error_free(err);
  } else if (help) {
    char *h = nsp_cli_command_help(p, c);
    fputs(h, stdout);
    g_free(h);
    rc = 0;
  } else {
    if (!rest) rest = g_new0(char *, 1);
    rc = command_args_check(p, c, rest);
    if (rc < 0) rc = c->run(opts, rest);
  }
  g_option_context_free(ctx);
  g_free(v);
  g_free(e);
  g_strfreev(rest);
  opts_free(c->options, opts);
  return rc;
}

/* What the program's own options and argv (after them) ask for. */
static int program_dispatch(const nsp_cli_program *p, const top_opts *t, int n, char **v) {
  char *text = NULL;
  int rc;
  if (t->version) {
    printf("%s %s\n", p->name, p->version);
    rc = 0;
  } else if (t->help || t->help_all) {
    text = t->help_all ? program_help_all(p) : nsp_cli_program_help(p);
    fputs(text, stdout);
    rc = 0;
  } else if (n < 2) {
    text = nsp_cli_program_help(p);
    fputs(text, stderr);
    rc = 2;
  } else {
    const nsp_cli_command *c = nsp_cli_command_find(p, v[1]);
    rc = c ? command_run(p, c, n - 1, v + 1)
           : nsp_cli_usage_error(p->name, NULL, "unknown command '%s'", v[1]);
  }
  g_free(text);
  return rc;
}

int nsp_cli_main(const nsp_cli_program *p, int argc, char **argv) {
  top_opts t = {0};
  GOptionEntry *e = entries_bind(top_options, &t, NULL, NULL);
  GOptionContext *ctx = program_context(p, e, &t);
  char **v = g_new0(char *, (gsize)argc + 1), **vv = v;
  memcpy(v, argv, sizeof *v * (gsize)argc);
  int n = argc, rc;
  GError *err = NULL;
  /* strict POSIX: parsing stops at COMMAND, whose options are its own */
  if (g_option_context_parse(ctx, &n, &vv, &err)) {
    rc = program_dispatch(p, &t, n, vv);
  } else {
    rc = nsp_cli_usage_error(p->name, NULL, "%s", err->message);
    g_error_free(err);
  }
  g_option_context_free(ctx);
  g_free(v);
  g_free(e);
  return rc;
}
