/* Standard input a scenario line gives its command, the three ways a
 * person types it (bash's own rules, reduced to what scenarios need):
 *   echo [-n] [-e] WORDS... | COMMAND   (echo's words joined by blanks, a
 *                                        newline unless -n; -e: \n \t \\)
 *   printf FORMAT [ARGS...] | COMMAND   (%s, %d, %% and the escapes \n
 *                                        \r \t \\; the format reused while
 *                                        arguments remain, as printf does)
 *   COMMAND <<< WORD                    (a here-string: WORD and a newline)
 * Anything else with | or < stays the shell syntax nspath does not run. */
#ifndef NSP_STDIN_H
#define NSP_STDIN_H

#include <glib.h>
#include <stdbool.h>

/* When line has one of the forms: true, *cmd the command part (g_free)
 * and input its standard input.  When it has none: false, nothing set
 * (why stays empty).  A form with a mistake in it: false and why says
 * what. */
bool nsp_line_stdin(const char *line, char **cmd, GString *input, GString *why);

#endif
