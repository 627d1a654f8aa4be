/* JSON writer: structure, escaping, overflow. */
#include "t.h"
#include "lib/json.h"

int main(void)
{
	char buf[256];
	struct json j;

	json_init(&j, buf, sizeof buf);
	json_begin_object(&j);
	json_key(&j, "a");
	json_int(&j, -5);
	json_key(&j, "s");
	json_string(&j, "q\"b\\n\n\t\x01");
	json_key(&j, "list");
	json_begin_array(&j);
	json_bool(&j, 1);
	json_string(&j, NULL);
	json_begin_object(&j);
	json_end_object(&j);
	json_end_array(&j);
	json_key(&j, "e");
	json_begin_array(&j);
	json_end_array(&j);
	json_end_object(&j);
	CHECK_STR(json_finish(&j), "{\"a\":-5,\"s\":\"q\\\"b\\\\n\\n\\t\\u0001\",\"list\":[true,null,{}],\"e\":[]}",
		  "document");

	// negative twins: too small a buffer, unbalanced nesting
	char small[8];
	json_init(&j, small, sizeof small);
	json_begin_object(&j);
	json_key(&j, "longer than eight");
	json_end_object(&j);
	CHECK(json_finish(&j) == NULL, "overflow reported");
	json_init(&j, buf, sizeof buf);
	json_begin_object(&j);
	CHECK(json_finish(&j) == NULL, "unclosed object reported");
	json_init(&j, buf, 0);
	CHECK(json_finish(&j) == NULL, "zero-size buffer reported");
	return t_done("test_json");
}
