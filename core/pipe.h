/* The commands nspath runs at the end of a pipe: `grep [-i] [-v] [-E] [-w]
 * [-c] [-o] [-e] PATTERN` (GNU grep 3.8), `head -n N` and `tail -n N`
 * (GNU coreutils 9.1), each filtering the text the command before it
 * wrote to its standard output.
 *
 * grep's patterns are POSIX regular expressions compiled by glibc's
 * regcomp() -- basic (BRE) by default, extended with -E -- the regex
 * engine GNU grep itself falls back on and whose syntax it follows
 * (gnulib's regex is glibc's): `a|b` is literal in a BRE, `\|` and `\+`
 * are GNU extensions there, `[[:digit:]]` classes, back-references.  Not
 * GLib's GRegex: PCRE's syntax differs from grep's in exactly those
 * places. */
#ifndef NSP_PIPE_H
#define NSP_PIPE_H

#include <glib.h>
#include <stdbool.h>

typedef struct nsp_filter nsp_filter;

/* The filter argv describes (argv[0] is grep, head or tail), or NULL: with
 * *status set and the tool's message in err when the tool itself refuses
 * the arguments (a bad regular expression: "grep: Unmatched ( or \\("),
 * or with *status -1 and *why set when nspath does not run it. */
nsp_filter *nsp_filter_new(int argc, char **argv, GString *err, int *status, GString *why);
/* Filters text into out; *status is the tool's exit status (grep: 0 when
 * a line was selected, 1 when none). */
void nsp_filter_apply(nsp_filter *f, const char *text, GString *out, int *status);
void nsp_filter_free(nsp_filter *f);

#endif
