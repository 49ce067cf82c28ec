/* nspath's command line: each subcommand is one table entry (its name,
 * arguments, texts and GOptionEntry options) plus a handler.  GLib's
 * GOptionContext parses it (--opt=value, --opt value, "--", one error line
 * for a bad option); the same tables print `nspath --help`, `nspath help
 * COMMAND` / `nspath COMMAND --help` and the man page nspath(1) (`nspath
 * help --man`, which the build runs).  docs/internals.md says how to add a
 * command or an option. */
#ifndef NSP_CLI_CMDLINE_H
#define NSP_CLI_CMDLINE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* An option's arg_data in a command's table: where its value goes in the
 * command's options struct (for every kind but G_OPTION_ARG_CALLBACK, whose
 * arg_data stays the callback; it gets the options struct as its data). */
#define NSP_CLI_FIELD(type, field) ((gpointer)offsetof(type, field))
/* max_args of a command that takes any number of arguments */
#define NSP_CLI_ANY G_MAXUINT

typedef struct {
  const char *name;         /* "run": what is typed after nspath */
  const char *args;         /* its arguments as help shows them: "SCENARIO" */
  unsigned min_args, max_args;
  const char *summary;      /* one line, in the list of commands */
  /* What it does: paragraphs separated by a blank line, wrapped when
   * printed; a paragraph whose lines start with two spaces (an example)
   * is printed as it stands. */
  const char *description;
  const GOptionEntry *options; /* NULL-terminated; may be NULL */
  size_t opts_size;         /* sizeof the options struct the handler gets */
  void (*opts_init)(void *opts); /* defaults before parsing, or NULL */
  /* The handler: the parsed options and the positional arguments
   * (NULL-terminated, min_args..max_args of them); returns the exit status. */
  int (*run)(void *opts, char **args);
} nsp_cli_command;

/* A section of the man page after the commands (EXIT STATUS, FILES, …);
 * in_help: also at the end of `nspath --help`. */
typedef struct {
  const char *title;
  const char *text;         /* paragraphs, as a command's description */
  bool in_help;
} nsp_cli_section;

typedef struct {
  const char *name;         /* "nspath" */
  const char *version;
  const char *summary;      /* one line: the man page's NAME */
  const char *description;  /* paragraphs: what the program is */
  const nsp_cli_command *const *commands; /* NULL-terminated */
  const nsp_cli_section *sections;        /* ends with a NULL title */
} nsp_cli_program;

/* `nspath help [COMMAND]` (and the hidden `nspath help --man`): every
 * program's commands list it. */
extern const nsp_cli_command nsp_cli_help;

/* Runs the program: argv[1] names the command (or is --version, --help,
 * --help-all); returns the exit status: the handler's, 0 for help, 2 for a
 * bad command line (one line on stderr). */
int nsp_cli_main(const nsp_cli_program *p, int argc, char **argv);

/* The command's help, as `nspath help NAME` prints it. */
char *nsp_cli_command_help(const nsp_cli_program *p, const nsp_cli_command *c);
/* The program's help: usage, the commands, the sections marked in_help. */
char *nsp_cli_program_help(const nsp_cli_program *p);
/* The man page (roff, man macros), from the same tables. */
char *nsp_cli_man_page(const nsp_cli_program *p);
const nsp_cli_command *nsp_cli_command_find(const nsp_cli_program *p, const char *name);

/* "PROG NAME: message (PROG help NAME shows its options)" on stderr; 2. */
int nsp_cli_usage_error(const char *prog, const nsp_cli_command *c, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* The top-level options (--version, --help, --help-all), for the man page. */
const GOptionEntry *nsp_cli_program_options(void);

/* cli/cmdline_text.c: the texts as help (wrapped) and as roff. */
void nsp_cli_text_wrap(GString *out, const char *text, unsigned indent, unsigned width);
void nsp_cli_text_roff(GString *out, const char *text);
/* A word or phrase for roff: backslashes, hyphens, quotes escaped. */
void nsp_cli_roff_escape(GString *out, const char *s);

#endif
