#include "cli/json_doc.h"

JsonObject *cli_json_doc_new(const char *mode) {
  JsonObject *d = json_object_new();
  json_object_set_int_member(d, "nspath_json", CLI_JSON_FORMAT);
  json_object_set_string_member(d, "nspath_version", NSPATH_VERSION);
  json_object_set_string_member(d, "mode", mode);
  return d;
}

void cli_json_doc_write(JsonObject *doc, FILE *f) {
  JsonNode *root = json_node_init_object(json_node_alloc(), doc);
  JsonGenerator *g = json_generator_new();
  json_generator_set_root(g, root);
  gsize n;
  char *text = json_generator_to_data(g, &n);
  fwrite(text, 1, n, f);
  fputc('\n', f);
  g_free(text);
  g_object_unref(g);
  json_node_unref(root);
  json_object_unref(doc);
}

JsonObject *cli_json_command_new(unsigned line, const char *command, bool supported, int exit_status,
                                 const char *output) {
  JsonObject *c = json_object_new();
  json_object_set_int_member(c, "line", line);
  json_object_set_string_member(c, "command", command);
  json_object_set_boolean_member(c, "supported", supported);
  cli_json_set_int_or_null(c, "exit_status", supported, exit_status);
  json_object_set_string_member(c, "output", output);
  return c;
}

void cli_json_command_compared(JsonObject *c, const char *expected, const char *diff) {
  json_object_set_string_member(c, "expected", expected);
  if (diff) json_object_set_boolean_member(c, "match", !diff[0]);
  else json_object_set_null_member(c, "match");
  json_object_set_string_member(c, "diff", diff && diff[0] ? diff : NULL);
}

const char *cli_json_result(int rc) { return rc == 0 ? "match" : rc == 1 ? "differ" : "error"; }

void cli_json_set_int_or_null(JsonObject *o, const char *key, bool present, gint64 v) {
  if (present) json_object_set_int_member(o, key, v);
  else json_object_set_null_member(o, key);
}

JsonArray *cli_json_strings(GPtrArray *strs) {
  JsonArray *a = json_array_sized_new(strs ? strs->len : 0);
  for (guint i = 0; strs && i < strs->len; i++) json_array_add_string_element(a, g_ptr_array_index(strs, i));
  return a;
}
