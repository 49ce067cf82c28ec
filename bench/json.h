/* The bench's JSON writer (nspath-bench.json, bench/report.c): objects,
 * arrays, strings (escaped per RFC 8259 §7), integers, figures with 6
 * significant digits, booleans and null.  Commas and nesting are tracked
 * so callers only say what comes next.  Why not json-glib, as nspath's own
 * --json documents are built: its generator writes every double with 17
 * significant digits (0.1 as 0.10000000000000001) and takes no format, and
 * the bench's figures are written to be read (docs/perf/bench.json). */
#ifndef NSP_JSON_H
#define NSP_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define NSP_JSON_DEPTH 32

typedef struct {
  GString *out;
  int depth;
  bool first[NSP_JSON_DEPTH]; /* nothing written yet at this level */
  bool after_key;             /* a key was written; the value follows */
} nsp_json;

void nsp_json_init(nsp_json *j, GString *out);
void nsp_json_object_begin(nsp_json *j);
void nsp_json_object_end(nsp_json *j);
void nsp_json_array_begin(nsp_json *j);
void nsp_json_array_end(nsp_json *j);
/* The key of the next member of the current object. */
void nsp_json_key(nsp_json *j, const char *key);
void nsp_json_string(nsp_json *j, const char *s);  /* NULL writes null */
void nsp_json_int(nsp_json *j, int64_t v);
void nsp_json_bool(nsp_json *j, bool v);
void nsp_json_double(nsp_json *j, double v); /* 6 significant digits; null if not finite */
void nsp_json_null(nsp_json *j);
/* Shorthands for a member: key then value. */
void nsp_json_member_string(nsp_json *j, const char *key, const char *s);
void nsp_json_member_int(nsp_json *j, const char *key, int64_t v);
void nsp_json_member_bool(nsp_json *j, const char *key, bool v);
void nsp_json_member_double(nsp_json *j, const char *key, double v);

#endif
