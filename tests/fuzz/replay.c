/* Runs a harness over files, without libFuzzer: the regression inputs and
 * seed corpora under the gcc builds (build/, build-asan/), where the
 * sanitizer build checks them too.  usage: fuzz_X_replay FILE|DIR... */
#include <glib.h>
#include <stdio.h>

#include "tests/fuzz/fuzz.h"

static unsigned replay_path(const char *path) {
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    GDir *d = g_dir_open(path, 0, NULL);
    unsigned n = 0;
    const char *name;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    while (d && (name = g_dir_read_name(d))) g_ptr_array_add(names, g_build_filename(path, name, NULL));
    if (d) g_dir_close(d);
    for (guint i = 0; i < names->len; i++) n += replay_path(g_ptr_array_index(names, i));
    g_ptr_array_free(names, TRUE);
    return n;
  }
  gchar *data;
  gsize len;
  GError *err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    fprintf(stderr, "%s\n", err->message);
    exit(2);
  }
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  g_free(data);
  return 1;
}

int main(int argc, char **argv) {
  unsigned n = 0;
  for (int i = 1; i < argc; i++) n += replay_path(argv[i]);
  printf("%u inputs replayed, none broke an invariant\n", n);
  return n ? 0 : 1;
}
