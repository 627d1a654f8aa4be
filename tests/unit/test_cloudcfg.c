/* Cloud config drives: keys found under the key names only, in YAML, Nova JSON and EC2 lists. */
#include "t.h"
#include "keys.h"
#include "access/cloudcfg.h"

#include <stdlib.h>

#define ED K_ED_TYPE " " K_ED_B64
#define RSA K_R2_TYPE " " K_R2_B64
#define GOT_MAX 8

static char got[GOT_MAX][CLOUDCFG_VALUE_MAX + 1];
static int ngot;

static void collect(void *ctx, const char *value)
{
	(void)ctx;
	if (ngot < GOT_MAX)
		memcpy(got[ngot], value, strlen(value) + 1);
	ngot++;
}

/* An exact-size heap copy without a NUL: ASan catches any read past len. */
static char *copy(const char *text, size_t len)
{
	char *c = malloc(len ? len : 1);

	memcpy(c, text, len);
	return c;
}

static int yaml_n(const char *text, size_t len)
{
	char *c = copy(text, len);
	int n;

	ngot = 0;
	n = cloudcfg_yaml_keys(c, len, collect, NULL);
	free(c);
	CHECK(n == ngot, "returned %d, passed %d", n, ngot);
	return n;
}

static int json_n(const char *text, size_t len)
{
	char *c = copy(text, len);
	int n;

	ngot = 0;
	n = cloudcfg_openstack_keys(c, len, collect, NULL);
	free(c);
	CHECK(n == (n < 0 ? -1 : ngot) && (n >= 0 || ngot == 0), "returned %d, passed %d", n, ngot);
	return n;
}

static void want(int n, const char *const *w, const char *ctx)
{
	int nw = 0;

	while (nw < 4 && w[nw])
		nw++;
	CHECK(n == nw, "%s: %d values, want %d", ctx, n, nw);
	for (int i = 0; i < nw && i < n && i < GOT_MAX; i++)
		CHECK_STR(got[i], w[i], ctx);
}

#define NOCLOUD(key) \
	"instance-id: iid-lifeboat-01\n" \
	"local-hostname: rescue\n" \
	key ":\n" \
	"  - " ED " me@host\n" \
	"  - " RSA " ops@bastion\n"

#define CLOUD_CONFIG(key) \
	"#cloud-config\n" \
	"hostname: rescue\n" \
	"ssh_pwauth: false\n" \
	key ":\n" \
	"  - " ED " top@laptop   # the admin's laptop\n" \
	"users:\n" \
	"  - default\n" \
	"  - name: root\n" \
	"    lock_passwd: true\n" \
	"    " key ":\n" \
	"    - \"" RSA " root@ops\"\n" \
	"  - name: bob\n" \
	"    groups: [wheel, adm]\n" \
	"    shell: /bin/sh\n" \
	"    passwd: " ED " not-a-key-field\n" \
	"runcmd:\n" \
	"  - [ sh, -c, \"echo ssh_authorized_keys: nope\" ]\n" \
	"write_files:\n" \
	"  - path: /etc/motd\n" \
	"    content: |\n" \
	"      ssh_authorized_keys:\n" \
	"        - " ED " in-a-file\n" \
	"motd: \"two\n" \
	"  ssh_authorized_keys: " ED " quoted\"\n" \
	"final_message: done\n"

static const struct {
	const char *name, *text;
	const char *want[4];
} yaml_cases[] = {
	{ "nocloud meta-data", NOCLOUD("public-keys"), { ED " me@host", RSA " ops@bastion" } },
	{ "nocloud under other-keys", NOCLOUD("other-keys"), { NULL } },
	{ "cloud-config", CLOUD_CONFIG("ssh_authorized_keys"), { ED " top@laptop", RSA " root@ops" } },
	{ "cloud-config ssh_keys (host keys)", CLOUD_CONFIG("ssh_keys"), { NULL } },
	{ "list at the key's indentation", "ssh_authorized_keys:\n- " ED " a\n- " ED " b\nhostname: x\n- " ED " c\n",
	  { ED " a", ED " b" } },
	{ "list at another key's indentation", "other:\n- " ED " a\n", { NULL } },
	{ "key inside a list entry", "- public_keys:\n  - " ED " a\n- name: x\n  - " ED " b\n", { ED " a" } },
	{ "ec2-style map", "public-keys:\n  0:\n    openssh-key: " ED " zero\n  1:\n    openssh-key: " RSA " one\n",
	  { ED " zero", RSA " one" } },
	{ "ec2-style map elsewhere", "tags:\n  0:\n    openssh-key: " ED " zero\n", { NULL } },
	{ "named map", "public_keys:\n  default: " ED " d\n  'quoted name': '" RSA " q'\n", { ED " d", RSA " q" } },
	{ "named map elsewhere", "defaults:\n  default: " ED " d\n", { NULL } },
	{ "inline scalar", "public-keys: " ED " mine # comment\n", { ED " mine" } },
	{ "inline scalar, singular key", "public-key: " ED " mine\n", { NULL } },
	{ "inline scalar, tabs", "public-keys:\t" ED "\tmine\t#c\n", { ED "\tmine" } },
	{ "tab-indented list", "ssh_authorized_keys:\n\t-\t" ED " t\n", { ED " t" } },
	{ "quoted key name", "\"ssh_authorized_keys\": [" ED " q]\n", { ED " q" } },
	{ "anchor and tag", "ssh_authorized_keys: &keys !!seq\n  - " ED " a\n", { ED " a" } },
	{ "alias", "ssh_authorized_keys: *keys\n", { NULL } },
	{ "flow list", "ssh_authorized_keys: [ \"" ED " a\", '" ED " it''s', " ED " c ] # end\n",
	  { ED " a", ED " it's", ED " c" } },
	{ "flow list elsewhere", "ssh_import_id: [ \"" ED " a\", " ED " c ]\n", { NULL } },
	{ "flow list, comma ends an unquoted item", "public-keys: [" ED " a,b, \"" ED " a,b\"]\n",
	  { ED " a", "b", ED " a,b" } },
	{ "flow list over lines", "public-keys: [\n  \"" ED " a\",  # first\n  " ED "\n   b\n]\nhostname: x\n",
	  { ED " a", ED " b" } },
	{ "flow mappings", "public_keys:\n  0: { openssh-key: \"" ED " a\" }\n  1: {\"k\":\"" ED " b\", j: " ED " c:d}\n",
	  { ED " a", ED " b", ED " c:d" } },
	{ "flow mapping elsewhere", "keys:\n  0: { openssh-key: \"" ED " a\" }\n", { NULL } },
	{ "flow list never closed", "ssh_authorized_keys: [ \"" ED " a\",\npublic-keys: " ED " b\n", { ED " b" } },
	{ "double-quote escapes", "public-keys: \"" ED " \\\"q\\\" back\\\\slash caf\\u00e9\\x21\"\n",
	  { ED " \"q\" back\\slash caf\xc3\xa9!" } },
	{ "bad escape dropped", "public-keys: \"" ED " \\q\"\nssh_authorized_keys: " ED " next\n", { ED " next" } },
	{ "quoted over lines", "public-keys: \"" ED "\n    folded\"\n", { ED " folded" } },
	{ "quoted \\n splits", "public-keys: \"" ED " a\\n" ED " b\"\n", { ED " a", ED " b" } },
	{ "comment inside quotes", "public-keys: '" ED " a # b'\n", { ED " a # b" } },
	{ "commented out", "# ssh_authorized_keys:\n#  - " ED " a\n", { NULL } },
	{ "literal block", "ssh_authorized_keys: |\n  " ED " a\n\n  " RSA " b\nhostname: x\n", { ED " a", RSA " b" } },
	{ "literal block elsewhere", "bootcmd: |-\n  " ED " a\n", { NULL } },
	{ "folded block", "public-keys:\n  - >\n    " ED "\n    folded\n\n    " ED " second\n  - " ED " c\n",
	  { ED " folded", ED " second", ED " c" } },
	{ "section ends at a shallower line",
	  "users:\n  - name: a\n    ssh_authorized_keys:\n      - " ED " a\n  - name: b\n    passwd: " ED " b\n",
	  { ED " a" } },
	{ "empty items", "ssh_authorized_keys:\n  -\n  - ''\n  - \"\"\n  - []\n", { NULL } },
	{ "empty text", "", { NULL } },
};

/* Every YAML case with LF, with CRLF and without its final newline. */
static void yaml_tests(void)
{
	static char crlf[8192];

	for (size_t i = 0; i < sizeof yaml_cases / sizeof *yaml_cases; i++) {
		const char *t = yaml_cases[i].text;
		size_t len = strlen(t), n = 0;

		want(yaml_n(t, len), yaml_cases[i].want, yaml_cases[i].name);
		if (len > 0 && t[len - 1] == '\n')
			want(yaml_n(t, len - 1), yaml_cases[i].want, yaml_cases[i].name);
		for (const char *p = t; *p && n < sizeof crlf - 2; p++) {
			if (*p == '\n')
				crlf[n++] = '\r';
			crlf[n++] = *p;
		}
		want(yaml_n(crlf, n), yaml_cases[i].want, yaml_cases[i].name);
	}

	// len is the end: what follows is never read, a key cut there is cut
	const char *cut = "public-keys: " ED " kept" "public-keys: " ED " beyond\n";
	static const char *const kept[] = { ED " kept", NULL };
	want(yaml_n(cut, strlen("public-keys: " ED " kept")), kept, "cut at len");
	CHECK(yaml_n("public-keys: " ED " a\0b\n", strlen("public-keys: " ED " a") + 3) == 0, "NUL byte kept");

	// the longest value is passed whole; one byte more and it is dropped, not cut
	size_t pre = strlen("public-keys: ");
	char *big = malloc(pre + CLOUDCFG_VALUE_MAX + 1);
	memcpy(big, "public-keys: ", pre);
	memset(big + pre, 'k', CLOUDCFG_VALUE_MAX + 1);
	CHECK(yaml_n(big, pre + CLOUDCFG_VALUE_MAX) == 1 && strlen(got[0]) == CLOUDCFG_VALUE_MAX,
	      "longest value not passed whole");
	CHECK(yaml_n(big, pre + CLOUDCFG_VALUE_MAX + 1) == 0, "overlong value passed");
	free(big);
}

#define NOVA_KEY RSA " Generated-by-Nova"
#define NOVA_SEED "Mh3Dcc3JrcXyTYaSN1bKR9b0ufSKxzqZ4jrP/DXsj0cbH+Q2lKkY1sIcFTqsP3Vv8TdJT8wA1/I="
#define NOVA(pk_name, keys_name) \
	"{\"uuid\": \"d8e02d56-2648-49a3-bf97-6be8f1204f38\", \"meta\": {\"role\": \"rescue\"}, " \
	"\"" keys_name "\": [{\"name\": \"mykey\", \"type\": \"ssh\", \"data\": \"" NOVA_KEY "\\n\"}], " \
	"\"hostname\": \"rescue.novalocal\", \"name\": \"rescue\", \"launch_index\": 0, " \
	"\"availability_zone\": \"nova\", \"random_seed\": \"" NOVA_SEED "\", " \
	"\"" pk_name "\": {\"mykey\": \"" NOVA_KEY "\\n\"}, \"devices\": [], " \
	"\"project_id\": \"f7ac731cc11f40efbc03a9f9e1d1d21f\"}"

static void json_tests(void)
{
	static const char *const nova[] = { NOVA_KEY, NOVA_KEY, NULL }, *const none[] = { NULL };
	const char *doc = NOVA("public_keys", "keys");
	size_t len = strlen(doc);
	char out[256];

	want(json_n(doc, len), nova, "nova meta_data.json");
	want(json_n(NOVA("public-keys", "key"), strlen(NOVA("public-keys", "key"))), none, "nova, other names");
	// a document cut anywhere is malformed, and nothing was passed before -1
	for (size_t n = 0; n < len; n++)
		CHECK(json_n(doc, n) == -1, "nova cut at %zu", n);

	static const struct {
		const char *text;
		int n;
		const char *want[3];
	} ok[] = {
		{ "{\"meta\": {\"public_keys\": {\"k\": \"" ED "\"}}, \"keys\": 1}", 0, { NULL } },
		{ " {\"public_keys\": {\"k\": \"" ED " a\", \"n\": null, \"o\": {\"x\": \"" ED " deep\"}}}\n", 1, { ED " a" } },
		{ "{\"keys\": [{\"type\": \"x509\", \"data\": \"" ED " x\"}, {\"data\": \"" ED " s\", \"type\": \"ssh\"}]}",
		  1, { ED " s" } },
		{ "{\"keys\": [{\"data\": \"" ED " untyped\"}, [], 7, {\"data\": 5}]}", 1, { ED " untyped" } },
		{ "{\"public_keys\": {\"k\": \"" ED " caf\\u00e9 \\ud83d\\ude00 \\/ \\\"q\\\"\\t\\\\\"}}", 1,
		  { ED " caf\xc3\xa9 \xf0\x9f\x98\x80 / \"q\"\t\\" } },
		{ "{\"public_keys\": {\"k\": \"" ED " a\\n" ED " b\\r\\n\"}}", 2, { ED " a", ED " b" } },
		{ "{\"public_keys\": {\"k\": \"" ED " nul\\u0000\"}}", 0, { NULL } },
		{ "{\"n\": [-0.5e+3, 0, 1E9, -12.25, true, false, null, \"\"], \"e\": {}}", 0, { NULL } },
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int n = json_n(ok[i].text, strlen(ok[i].text));
		CHECK(n == ok[i].n, "%s: %d", ok[i].text, n);
		for (int k = 0; k < n && k < ok[i].n; k++)
			CHECK_STR(got[k], ok[i].want[k], ok[i].text);
	}

	static const char *const bad[] = {
		"", "  ", "[]", "\"x\"", "{", "{\"public_keys\": {\"k\": \"" ED "\",}}", "{\"a\" 1}", "{'a': 1}",
		"{\"a\": 01}", "{\"a\": 1.}", "{\"a\": -}", "{\"a\": .5}", "{\"a\": tru}", "{\"a\": NaN}",
		"{\"a\": \"\\x41\"}", "{\"a\": \"\\ud800\"}", "{\"a\": \"\\ude00\\ud83d\"}", "{\"a\": \"\\u12\"}",
		"{\"a\": \"tab\there\"}", "{\"a\": 1} x", "{} {}", "{\"a\": [1 2]}", "{\"a\": [,]}", "{a: 1}",
		"{\"public_keys\": {\"k\": \"" ED "\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(json_n(bad[i], strlen(bad[i])) == -1, "accepted: %s", bad[i]);

	// nesting: 32 levels are fine, 33 are not
	char deep[128];
	for (int levels = 32; levels <= 33; levels++) {
		int n = 0;
		deep[n++] = '{';
		deep[n++] = '"';
		deep[n++] = 'a';
		deep[n++] = '"';
		deep[n++] = ':';
		for (int i = 1; i < levels; i++)
			deep[n++] = '[';
		for (int i = 1; i < levels; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		CHECK(json_n(deep, (size_t)n) == (levels == 32 ? 0 : -1), "%d levels", levels);
	}

	// top-level strings
	CHECK(cloudcfg_openstack_string(doc, len, "hostname", out, sizeof out) == 16, "hostname");
	CHECK_STR(out, "rescue.novalocal", "hostname");
	CHECK(cloudcfg_openstack_string(doc, len, "random_seed", out, sizeof out) == (int)strlen(NOVA_SEED), "seed");
	CHECK_STR(out, NOVA_SEED, "random_seed");
	CHECK(cloudcfg_openstack_string(doc, len, "uuid", out, 37) == 36, "uuid in 37 bytes");
	CHECK(cloudcfg_openstack_string(doc, len, "uuid", out, 36) == -1 && out[0] == '\0', "uuid in 36 bytes");
	CHECK(cloudcfg_openstack_string(doc, len, "launch_index", out, sizeof out) == -1, "number as string");
	CHECK(cloudcfg_openstack_string(doc, len, "meta", out, sizeof out) == -1, "object as string");
	CHECK(cloudcfg_openstack_string(doc, len, "role", out, sizeof out) == -1, "nested member taken");
	CHECK(cloudcfg_openstack_string(doc, len, "missing", out, sizeof out) == -1, "absent member");
	CHECK(cloudcfg_openstack_string(doc, len - 1, "hostname", out, sizeof out) == -1, "malformed document");
	const char *esc = "{\"h\": \"a\\/b\\u00e9\", \"d\": \"first\", \"d\": \"last\", "
			  "\"x\": \"1\", \"x\": 1, \"z\": \"\\u0000\"}";
	CHECK(cloudcfg_openstack_string(esc, strlen(esc), "h", out, sizeof out) == 5, "escapes");
	CHECK_STR(out, "a/b\xc3\xa9", "escapes");
	CHECK(cloudcfg_openstack_string(esc, strlen(esc), "d", out, sizeof out) == 4, "repeated member");
	CHECK_STR(out, "last", "repeated member: the last one");
	CHECK(cloudcfg_openstack_string(esc, strlen(esc), "x", out, sizeof out) == -1, "last repeat no string");
	CHECK(cloudcfg_openstack_string(esc, strlen(esc), "z", out, sizeof out) == -1, "NUL in string");
}

static void ec2_tests(void)
{
	static const struct {
		const char *body;
		int max, n, idx[4];
	} cases[] = {
		{ "0=my-key", 8, 1, { 0 } },
		{ "0=my-key\n", 8, 1, { 0 } },
		{ "0=a\r\n1=b\r\n", 8, 2, { 0, 1 } },
		{ "3=a\n999=b\n12=c", 8, 3, { 3, 999, 12 } },
		{ "0=a\n1=b\n2=c\n", 2, 2, { 0, 1 } },
		{ "0=a\n0=again\n", 8, 1, { 0 } },
		{ "1000=a\n01=b\n-1=c\nx=d\n=e\n7\n 1=f\n2 =g\n\n", 8, 0, { 0 } },
		{ "", 8, 0, { 0 } },
	};
	int idx[8];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = strlen(cases[i].body);
		char *c = copy(cases[i].body, len);
		int n = cloudcfg_ec2_key_indices(c, len, idx, cases[i].max);
		free(c);
		CHECK(n == cases[i].n, "\"%s\": %d indices", cases[i].body, n);
		for (int k = 0; k < n && k < cases[i].n; k++)
			CHECK(idx[k] == cases[i].idx[k], "\"%s\": [%d] = %d", cases[i].body, k, idx[k]);
	}
	// cut at len: "12" of "123=x" is no index line
	CHECK(cloudcfg_ec2_key_indices("5=a\n123=x", 6, idx, 8) == 1 && idx[0] == 5, "cut at len");
}

int main(void)
{
	yaml_tests();
	json_tests();
	ec2_tests();
	return t_done("test_cloudcfg");
}
