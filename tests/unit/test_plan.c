/* Plans: the text for people, the JSON for tools and the audit log. */
#include "t.h"
#include "fix/plan.h"

int main(void)
{
	static struct plan p;
	char buf[4096], jb[4096];
	struct json j;

	plan_init(&p, "fix fstab", "/dev/vda1");
	CHECK(plan_text(&p, buf, sizeof buf) > 0 && strcmp(buf, "plan for fix fstab on /dev/vda1:\n  nothing to do\n") == 0,
	      "empty: %s", buf);
	plan_add(&p, "edit", "/etc/fstab", "nofail on line %d", 3);
	plan_add(&p, "note", "", "the root's entry names no device here");
	CHECK(plan_text(&p, buf, sizeof buf) > 0 &&
	      strcmp(buf, "plan for fix fstab on /dev/vda1:\n  1. edit /etc/fstab: nofail on line 3\n"
			  "  2. note: the root's entry names no device here\n") == 0, "steps: %s", buf);
	CHECK(plan_text(&p, buf, 20) == -1, "no room for the text");

	json_init(&j, jb, sizeof jb);
	plan_json(&p, -1, &j);
	CHECK(json_finish(&j) && strcmp(jb, "{\"command\":\"fix fstab\",\"device\":\"/dev/vda1\",\"steps\":["
					    "{\"action\":\"edit\",\"target\":\"/etc/fstab\",\"detail\":\"nofail on line 3\"},"
					    "{\"action\":\"note\",\"target\":\"\",\"detail\":\"the root's entry names no device here\"}],"
					    "\"files\":[],\"result\":\"planned\",\"message\":null}") == 0, "json: %s", jb);

	plan_file(&p, "/etc/fstab", "aa", "bb", "/etc/fstab.lifeboat-1");
	plan_file(&p, "/etc/gone", "cc", NULL, NULL);
	plan_end(&p, "done", NULL);
	json_init(&j, jb, sizeof jb);
	plan_json(&p, 1700000000, &j);
	CHECK(json_finish(&j) && strstr(jb, "{\"time\":1700000000,\"command\":\"fix fstab\"") == jb &&
	      strstr(jb, "\"files\":[{\"path\":\"/etc/fstab\",\"sha256_before\":\"aa\",\"sha256_after\":\"bb\","
			 "\"backup\":\"/etc/fstab.lifeboat-1\"},{\"path\":\"/etc/gone\",\"sha256_before\":\"cc\","
			 "\"sha256_after\":null,\"backup\":null}],\"result\":\"done\",\"message\":null}"), "audit: %s", jb);
	plan_end(&p, "refused", "%s is mounted", "/dev/vda1");
	json_init(&j, jb, sizeof jb);
	plan_json(&p, -1, &j);
	CHECK(json_finish(&j) && strstr(jb, "\"result\":\"refused\",\"message\":\"/dev/vda1 is mounted\"}"), "refused: %s",
	      jb);
	json_init(&j, jb, 64);
	plan_json(&p, -1, &j);
	CHECK(!json_finish(&j), "no room for the JSON");

	// a full plan counts what did not fit
	plan_init(&p, "fix space", NULL);
	for (int i = 0; i < PLAN_STEPS + 3; i++)
		plan_add(&p, "remove", "/var/tmp/x", "%d", i);
	CHECK(p.nstep == PLAN_STEPS && p.more == 3, "full: %d %d", p.nstep, p.more);
	CHECK(plan_text(&p, buf, sizeof buf) > 0 && strstr(buf, "… and 3 more\n") && strncmp(buf, "plan for fix space:\n", 20) == 0,
	      "more: %.80s", buf);
	return t_done("test_plan");
}
