/* core/json.c: separators, nesting and escaping (RFC 8259 §7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/json.h"

static void test_json_nesting(void **state) {
  (void)state;
  GString *s = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, s);
  nsp_json_object_begin(&j);
  nsp_json_member_string(&j, "a", "x");
  nsp_json_key(&j, "b");
  nsp_json_array_begin(&j);
  nsp_json_int(&j, 1);
  nsp_json_int(&j, -2);
  nsp_json_object_begin(&j);
  nsp_json_object_end(&j);
  nsp_json_null(&j);
  nsp_json_array_end(&j);
  nsp_json_member_bool(&j, "c", false);
  nsp_json_member_string(&j, "d", NULL);
  nsp_json_object_end(&j);
  assert_string_equal(s->str, "{\"a\":\"x\",\"b\":[1,-2,{},null],\"c\":false,\"d\":null}\n");
  g_string_free(s, TRUE);
}

static void test_json_escapes(void **state) {
  (void)state;
  GString *s = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, s);
  nsp_json_string(&j, "q\"b\\n\n\t\x01 é");
  assert_string_equal(s->str, "\"q\\\"b\\\\n\\n\\t\\u0001 é\"");
  g_string_free(s, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_json_nesting),
    cmocka_unit_test(test_json_escapes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
