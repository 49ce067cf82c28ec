/* What the --json documents of nspath run, check and compare share, built
 * with json-glib: the head (format version, program version, mode) and the
 * command object, so a field common to two documents has one name, one
 * type and one meaning.  docs/schema/{run,check,compare}.json describe them
 * (docs/schema/common.json: these shared parts). */
#ifndef NSP_CLI_JSON_DOC_H
#define NSP_CLI_JSON_DOC_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdio.h>

/* The format's version: 2 since run, check and compare share their fields
 * (1: compare had scenario, status, a command count and transcript). */
#define CLI_JSON_FORMAT 2

/* A new document: nspath_json, nspath_version, mode ("run", "check",
 * "compare"). */
JsonObject *cli_json_doc_new(const char *mode);
/* Writes doc as one line (compact JSON and "\n") to f, and frees it. */
void cli_json_doc_write(JsonObject *doc, FILE *f);

/* One command: line (in its file), command, supported (false: nspath could
 * not run it), exit_status (null when unsupported), output. */
JsonObject *cli_json_command_new(unsigned line, const char *command, bool supported, int exit_status,
                                 const char *output);
/* The command compared with what was expected: expected (text), match
 * (null when it could not run) and diff (null unless it differs: " same",
 * "-expected", "+actual" lines).  diff: NULL when it could not run, "" when
 * it matched. */
void cli_json_command_compared(JsonObject *c, const char *expected, const char *diff);

/* "match", "differ" or "error" for exit status 0, 1 or anything else. */
const char *cli_json_result(int rc);

/* Setters that take a missing value as null. */
void cli_json_set_int_or_null(JsonObject *o, const char *key, bool present, gint64 v);
/* An array of strings; the strings are copied. */
JsonArray *cli_json_strings(GPtrArray *strs);

#endif
