/* authorized_keys additions, passwd lookups, sshd_config findings. */
#include "t.h"
#include "fix/authkeys.h"

#include <stdlib.h>

int main(void)
{
	static char out[4096];
	static const char have[] = "# keys\ncommand=\"x y\" ssh-ed25519 AAAAone old@host\nssh-rsa AAAAtwo\n";
	long n;

	n = authkeys_add(have, sizeof have - 1, "ssh-ed25519 AAAAthree new@host", out, sizeof out);
	CHECK(n > 0 && strcmp(out, "# keys\ncommand=\"x y\" ssh-ed25519 AAAAone old@host\nssh-rsa AAAAtwo\n"
			      "ssh-ed25519 AAAAthree new@host\n") == 0, "appended: %s", out);
	CHECK(authkeys_add(have, sizeof have - 1, "ssh-ed25519   AAAAone other-comment", out, sizeof out) == 0,
	      "the same key behind options is there already");
	CHECK(authkeys_add(have, sizeof have - 1, "ssh-rsa AAAAtwo", out, sizeof out) == 0, "the same key");
	n = authkeys_add("ssh-rsa AAAAtwo", 15, "ssh-ed25519 AAAAx", out, sizeof out);
	CHECK(n > 0 && strcmp(out, "ssh-rsa AAAAtwo\nssh-ed25519 AAAAx\n") == 0, "a missing final newline: %s", out);
	n = authkeys_add("", 0, "ssh-ed25519 AAAAx c", out, sizeof out);
	CHECK(n > 0 && strcmp(out, "ssh-ed25519 AAAAx c\n") == 0, "an empty file");
	CHECK(authkeys_add("# ssh-ed25519 AAAAx\n", 20, "ssh-ed25519 AAAAx", out, sizeof out) > 0,
	      "a commented-out key does not count");
	CHECK(authkeys_add("  # ssh-ed25519 AAAAx\n", 22, "ssh-ed25519 AAAAx", out, sizeof out) > 0,
	      "nor does an indented one, which sshd skips too");
	CHECK(authkeys_add("\t ssh-ed25519 AAAAx\n", 21, "ssh-ed25519 AAAAx", out, sizeof out) == 0,
	      "an indented key counts");
	// a word at the very end shorter than "ssh-" is not read past len (ASan sees the heap copy's end)
	char *cut = malloc(3);
	if (cut) {
		memcpy(cut, "x s", 3);
		CHECK(authkeys_add(cut, 3, "ssh-ed25519 AAAAx", out, sizeof out) > 0, "len respected");
		free(cut);
	}
	CHECK(authkeys_add(have, sizeof have - 1, "ssh-ed25519 AAAAthree", out, 20) < 0, "no room");
	CHECK(authkeys_add(have, sizeof have - 1, "not a key", out, sizeof out) < 0, "not a key");

	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1001:Alice,,,:/home/alice:/bin/sh\n"
				 "bad:x:zz:1:::\n";
	unsigned uid = 9, gid = 9;
	char home[64];
	CHECK(passwd_lookup(pw, sizeof pw - 1, "alice", &uid, &gid, home, sizeof home) == 0 && uid == 1000 &&
	      gid == 1001 && strcmp(home, "/home/alice") == 0, "alice: %u %u %s", uid, gid, home);
	CHECK(passwd_lookup(pw, sizeof pw - 1, "root", &uid, &gid, home, sizeof home) == 0 && uid == 0 &&
	      strcmp(home, "/root") == 0, "root");
	CHECK(passwd_lookup(pw, sizeof pw - 1, "ali", &uid, &gid, home, sizeof home) < 0, "a prefix");
	CHECK(passwd_lookup(pw, sizeof pw - 1, "bad", &uid, &gid, home, sizeof home) < 0, "a bad uid");
	CHECK(passwd_lookup(pw, sizeof pw - 1, "nobody", &uid, &gid, home, sizeof home) < 0, "absent");
	// ids that strtoul would take: one past 2^32 - 1 wrapped to root, a sign, a blank
	static const char odd[] = "wrap:x:4294967296:0::/home/wrap:/bin/sh\nnoid:x:4294967295:0::/x:/bin/sh\n"
				  "minus:x:-1:0::/x:/bin/sh\nplus:x:+5:0::/x:/bin/sh\nsp:x: 5:0::/x:/bin/sh\n"
				  "big:x:4294967294:4294967294::/home/big:/bin/sh\n";
	CHECK(passwd_lookup(odd, sizeof odd - 1, "wrap", &uid, &gid, home, sizeof home) < 0, "2^32 is no uid");
	CHECK(passwd_lookup(odd, sizeof odd - 1, "noid", &uid, &gid, home, sizeof home) < 0, "2^32 - 1 is no uid");
	CHECK(passwd_lookup(odd, sizeof odd - 1, "minus", &uid, &gid, home, sizeof home) < 0, "-1 is no uid");
	CHECK(passwd_lookup(odd, sizeof odd - 1, "plus", &uid, &gid, home, sizeof home) < 0, "+5 is no uid");
	CHECK(passwd_lookup(odd, sizeof odd - 1, "sp", &uid, &gid, home, sizeof home) < 0, "' 5' is no uid");
	CHECK(passwd_lookup(odd, sizeof odd - 1, "big", &uid, &gid, home, sizeof home) == 0 && uid == 4294967294U &&
	      gid == 4294967294U, "the largest uid: %u %u", uid, gid);

	char rep[512];
	static const char cfg[] = "# PermitRootLogin no\nPermitRootLogin no\npubkeyauthentication No\n"
				  "AuthorizedKeysFile /etc/ssh/keys/%u\nMatch User bob\n  PermitRootLogin yes\n";
	sshd_config_report(cfg, sizeof cfg - 1, "root", rep, sizeof rep);
	CHECK(strstr(rep, "PermitRootLogin no") && strstr(rep, "PubkeyAuthentication no") &&
	      strstr(rep, "AuthorizedKeysFile"), "findings: %s", rep);
	sshd_config_report(cfg, sizeof cfg - 1, "alice", rep, sizeof rep);
	CHECK(!strstr(rep, "PermitRootLogin"), "PermitRootLogin matters for root only: %s", rep);
	static const char ok[] = "PermitRootLogin prohibit-password\nAuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2\n";
	sshd_config_report(ok, sizeof ok - 1, "root", rep, sizeof rep);
	CHECK(rep[0] == '\0', "nothing to say: %s", rep);
	return t_done("test_authkeys");
}
