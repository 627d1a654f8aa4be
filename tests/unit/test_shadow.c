/* shadow: the user's password and last-change fields replaced, every other byte kept. */
#include "t.h"
#include "fix/shadow.h"

static char out[4096];

static void set(const char *in, const char *user, const char *want, const char *ctx)
{
	const char *why = NULL;
	long n = shadow_set(in, strlen(in), user, "$6$salt$HASH", 19700, out, sizeof out, &why);

	CHECK(n >= 0, "%s refused: %s", ctx, why ? why : "?");
	if (n >= 0)
		CHECK_STR(out, want, ctx);
}

static void refuse(const char *in, const char *user, const char *hash, const char *ctx)
{
	const char *why = NULL;
	CHECK(shadow_set(in, strlen(in), user, hash, 1, out, sizeof out, &why) < 0 && why, "%s accepted", ctx);
}

int main(void)
{
	static const char base[] =
		"# comment line\n"
		"root:!$6$old$OLD:19000:0:99999:7:::\n"
		"+@nisusers::::::::\n"
		"-baduser\n"
		"rooter:*:18000:0:99999:7:::\n"
		"daemon:*:18000:0:99999:7:::\r\n"
		"alice::0::::::";
	set(base, "root",
	    "# comment line\n"
	    "root:$6$salt$HASH:19700:0:99999:7:::\n"
	    "+@nisusers::::::::\n"
	    "-baduser\n"
	    "rooter:*:18000:0:99999:7:::\n"
	    "daemon:*:18000:0:99999:7:::\r\n"
	    "alice::0::::::", "root, locked with !, unlocked; others byte-identical");
	set(base, "alice",
	    "# comment line\n"
	    "root:!$6$old$OLD:19000:0:99999:7:::\n"
	    "+@nisusers::::::::\n"
	    "-baduser\n"
	    "rooter:*:18000:0:99999:7:::\n"
	    "daemon:*:18000:0:99999:7:::\r\n"
	    "alice:$6$salt$HASH:19700::::::", "the last line without a newline, empty fields kept");
	set("daemon:*:1:0:99999:7:::\r\nx:y:z\n", "daemon", "daemon:$6$salt$HASH:19700:0:99999:7:::\r\nx:y:z\n",
	    "CRLF kept");
	set("bob:x:5\n", "bob", "bob:$6$salt$HASH:19700\n", "three fields only");
	set("bob:x:5\r\nx:y:z\r\n", "bob", "bob:$6$salt$HASH:19700\r\nx:y:z\r\n", "three fields only, CRLF kept");
	set("bob:x:\r", "bob", "bob:$6$salt$HASH:19700\r", "an empty third field, a CR at the end");
	CHECK(shadow_find(base, sizeof base - 1, "rooter") == 5, "line of rooter");
	CHECK(shadow_find(base, sizeof base - 1, "roo") == 0, "a prefix is no user");

	refuse(base, "nobody", "$6$a$b", "an absent user");
	refuse(base, "roo", "$6$a$b", "a prefix of root");
	refuse("bob:x\n", "bob", "$6$a$b", "a line with two fields");
	refuse(base, "root", "$6$a:b", "a hash with a colon");
	refuse(base, "root", "$6$a\nevil::0:::::", "a hash with a newline");
	refuse(base, "root", "", "an empty hash");
	refuse(base, "+@nisusers", "$6$a$b", "a NIS line");
	refuse(base, "a:b", "$6$a$b", "a name with a colon");
	const char *why;
	CHECK(shadow_set(base, sizeof base - 1, "root", "$6$salt$HASH", 1, out, 20, &why) < 0, "no room");
	return t_done("test_shadow");
}
