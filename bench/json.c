#include "bench/json.h"

#include <math.h>

void nsp_json_init(nsp_json *j, GString *out) {
  j->out = out;
  j->depth = 0;
  j->first[0] = true;
  j->after_key = false;
}

/* Before any value or key: the comma that separates it from the previous one. */
static void nsp_json_sep(nsp_json *j) {
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  if (!j->first[j->depth]) g_string_append_c(j->out, ',');
  j->first[j->depth] = false;
}

static void nsp_json_open(nsp_json *j, char c) {
  nsp_json_sep(j);
  g_string_append_c(j->out, c);
  g_assert(j->depth + 1 < NSP_JSON_DEPTH);
  j->first[++j->depth] = true;
}

static void nsp_json_close(nsp_json *j, char c) {
  g_assert(j->depth > 0);
  j->depth--;
  g_string_append_c(j->out, c);
  if (j->depth == 0) g_string_append_c(j->out, '\n');
}

void nsp_json_object_begin(nsp_json *j) { nsp_json_open(j, '{'); }
void nsp_json_object_end(nsp_json *j) { nsp_json_close(j, '}'); }
void nsp_json_array_begin(nsp_json *j) { nsp_json_open(j, '['); }
void nsp_json_array_end(nsp_json *j) { nsp_json_close(j, ']'); }

static void nsp_json_quote(GString *out, const char *s) {
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': g_string_append(out, "\\\""); break;
    case '\\': g_string_append(out, "\\\\"); break;
    case '\n': g_string_append(out, "\\n"); break;
    case '\r': g_string_append(out, "\\r"); break;
    case '\t': g_string_append(out, "\\t"); break;
    default:
      if (*p < 0x20) g_string_append_printf(out, "\\u%04x", *p);
      else g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

void nsp_json_key(nsp_json *j, const char *key) {
  nsp_json_sep(j);
  nsp_json_quote(j->out, key);
  g_string_append_c(j->out, ':');
  j->after_key = true;
}

void nsp_json_string(nsp_json *j, const char *s) {
  if (!s) {
    nsp_json_null(j);
    return;
  }
  nsp_json_sep(j);
  nsp_json_quote(j->out, s);
}

void nsp_json_int(nsp_json *j, int64_t v) {
  nsp_json_sep(j);
  g_string_append_printf(j->out, "%" G_GINT64_FORMAT, (gint64)v);
}

void nsp_json_double(nsp_json *j, double v) {
  if (!isfinite(v)) {
    nsp_json_null(j);
    return;
  }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  nsp_json_sep(j);
  /* "%.6g" in the C locale: a figure to read, not to round-trip */
  g_string_append(j->out, g_ascii_formatd(buf, sizeof buf, "%.6g", v));
}

void nsp_json_member_double(nsp_json *j, const char *key, double v) {
  nsp_json_key(j, key);
  nsp_json_double(j, v);
}

void nsp_json_bool(nsp_json *j, bool v) {
  nsp_json_sep(j);
  g_string_append(j->out, v ? "true" : "false");
}

void nsp_json_null(nsp_json *j) {
  nsp_json_sep(j);
  g_string_append(j->out, "null");
}

void nsp_json_member_string(nsp_json *j, const char *key, const char *s) {
  nsp_json_key(j, key);
  nsp_json_string(j, s);
}

void nsp_json_member_int(nsp_json *j, const char *key, int64_t v) {
  nsp_json_key(j, key);
  nsp_json_int(j, v);
}

void nsp_json_member_bool(nsp_json *j, const char *key, bool v) {
  nsp_json_key(j, key);
  nsp_json_bool(j, v);
}
