/* bench/json.c, the bench's JSON writer: separators, nesting, escaping
 * (RFC 8259 §7) and figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bench/json.h"

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

/* 6 significant digits in the C locale; what JSON cannot hold is null */
static void test_json_doubles(void **state) {
  (void)state;
  GString *s = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, s);
  nsp_json_array_begin(&j);
  nsp_json_double(&j, 0.1);
  nsp_json_double(&j, 123.456789);
  nsp_json_double(&j, 1e-7);
  nsp_json_double(&j, 1.0 / 0.0);
  nsp_json_array_end(&j);
  assert_string_equal(s->str, "[0.1,123.457,1e-07,null]\n");
  g_string_free(s, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_json_nesting),
    cmocka_unit_test(test_json_escapes),
    cmocka_unit_test(test_json_doubles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
