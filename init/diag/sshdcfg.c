/* sshd_config read as sshd reads it: every setting line kept with its file, line and Match block,
 * then per user the winning lines decided as sshd's two passes decide them. */
#include "sshdcfg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* How sure an answer is: ordered, so that the weaker of two is their minimum. */
enum { NO, MAYBE, YES };

enum kind {
	K_OTHER,	/* known, not decided with */
	K_IGNORED,	/* deprecated, unsupported or ignored: sshd only logs it */
	K_MATCH, K_INCLUDE, K_PORT, K_LISTEN,
	K_ROOT,		/* PermitRootLogin */
	K_FLAG,		/* yes or no */
	K_LIST,		/* AllowUsers and the like: lines add up */
	K_FILES,	/* AuthorizedKeysFile */
	K_COMMAND,	/* AuthorizedKeysCommand: the rest of the line */
	K_WORD,		/* one argument */
	K_METHODS,	/* AuthenticationMethods */
};

#define E_PORT SSHD_NKEYS
#define E_LISTEN (SSHD_NKEYS + 1)

struct keyword {
	const char *name;	/* lower case */
	unsigned char in_match;	/* allowed inside a Match block */
	unsigned char kind;
	signed char key;
};

#define O(n) { n, 0, K_OTHER, -1 }
#define OM(n) { n, 1, K_OTHER, -1 }
#define I(n) { n, 0, K_IGNORED, -1 }
#define IM(n) { n, 1, K_IGNORED, -1 }

/* Every keyword OpenSSH 9.2's sshd accepts (servconf.c), the later 9.x ones, and those Debian's and
 * Fedora's patches add, so that only what sshd -t refuses is flagged. */
static const struct keyword keywords[] = {
	{ "usepam", 0, K_FLAG, SSHD_USE_PAM },
	{ "port", 0, K_PORT, -1 },
	{ "listenaddress", 0, K_LISTEN, -1 },
	{ "permitrootlogin", 1, K_ROOT, SSHD_PERMIT_ROOT_LOGIN },
	{ "pubkeyauthentication", 1, K_FLAG, SSHD_PUBKEY_AUTHENTICATION },
	{ "dsaauthentication", 0, K_FLAG, SSHD_PUBKEY_AUTHENTICATION },
	{ "passwordauthentication", 1, K_FLAG, SSHD_PASSWORD_AUTHENTICATION },
	{ "kbdinteractiveauthentication", 1, K_FLAG, SSHD_KBD_INTERACTIVE_AUTHENTICATION },
	{ "challengeresponseauthentication", 1, K_FLAG, SSHD_KBD_INTERACTIVE_AUTHENTICATION },
	{ "skeyauthentication", 1, K_FLAG, SSHD_KBD_INTERACTIVE_AUTHENTICATION },
	{ "permitemptypasswords", 1, K_FLAG, SSHD_PERMIT_EMPTY_PASSWORDS },
	{ "allowusers", 1, K_LIST, SSHD_ALLOW_USERS },
	{ "denyusers", 1, K_LIST, SSHD_DENY_USERS },
	{ "allowgroups", 1, K_LIST, SSHD_ALLOW_GROUPS },
	{ "denygroups", 1, K_LIST, SSHD_DENY_GROUPS },
	{ "authorizedkeysfile", 1, K_FILES, SSHD_AUTHORIZED_KEYS_FILE },
	{ "authorizedkeyscommand", 1, K_COMMAND, SSHD_AUTHORIZED_KEYS_COMMAND },
	{ "authorizedkeyscommanduser", 1, K_WORD, SSHD_AUTHORIZED_KEYS_COMMAND_USER },
	{ "authenticationmethods", 1, K_METHODS, SSHD_AUTHENTICATION_METHODS },
	{ "match", 1, K_MATCH, -1 },
	{ "include", 1, K_INCLUDE, -1 },
	// sDeprecated, sUnsupported, sIgnore
	I("pamauthenticationviakbdint"), I("serverkeybits"), I("keyregenerationinterval"), I("rhostsauthentication"),
	IM("rhostsrsaauthentication"), IM("rsaauthentication"), I("kerberostgtpassing"), I("afstokenpassing"),
	I("checkmail"), I("uselogin"), I("protocol"), I("verifyreversemapping"), I("reversemappingcheck"),
	IM("authorizedkeysfile2"), I("useprivilegeseparation"),
	// global only
	O("hostkey"), O("hostdsakey"), O("hostkeyagent"), O("pidfile"), O("modulifile"), O("logingracetime"),
	O("syslogfacility"), O("hostkeyalgorithms"), O("kerberosorlocalpasswd"), O("kerberosticketcleanup"),
	O("kerberosgetafstoken"), O("gssapicleanupcredentials"), O("gssapistrictacceptorcheck"), O("addressfamily"),
	O("printmotd"), O("printlastlog"), O("ignoreuserknownhosts"), O("xauthlocation"), O("strictmodes"),
	O("permituserenvironment"), O("compression"), O("tcpkeepalive"), O("keepalive"), O("ciphers"), O("macs"),
	O("subsystem"), O("maxstartups"), O("persourcemaxstartups"), O("persourcenetblocksize"), O("usedns"),
	O("hostcertificate"), O("kexalgorithms"), O("versionaddendum"), O("fingerprinthash"),
	O("securitykeyprovider"),
	// allowed in Match too
	OM("loglevel"), OM("logverbose"), OM("hostbasedauthentication"), OM("hostbasedusesnamefrompacketonly"),
	OM("hostbasedacceptedalgorithms"), OM("hostbasedacceptedkeytypes"), OM("pubkeyacceptedalgorithms"),
	OM("pubkeyacceptedkeytypes"), OM("pubkeyauthoptions"), OM("kerberosauthentication"),
	OM("gssapiauthentication"), OM("ignorerhosts"), OM("x11forwarding"), OM("x11displayoffset"),
	OM("x11uselocalhost"), OM("rekeylimit"), OM("allowtcpforwarding"), OM("allowagentforwarding"),
	OM("gatewayports"), OM("maxauthtries"), OM("maxsessions"), OM("banner"), OM("clientaliveinterval"),
	OM("clientalivecountmax"), OM("acceptenv"), OM("setenv"), OM("permittunnel"), OM("permittty"),
	OM("permituserrc"), OM("permitopen"), OM("permitlisten"), OM("forcecommand"), OM("chrootdirectory"),
	OM("revokedkeys"), OM("trustedusercakeys"), OM("authorizedprincipalsfile"), OM("ipqos"),
	OM("authorizedprincipalscommand"), OM("authorizedprincipalscommanduser"), OM("streamlocalbindmask"),
	OM("streamlocalbindunlink"), OM("allowstreamlocalforwarding"), OM("disableforwarding"),
	OM("exposeauthinfo"), OM("rdomain"), OM("casignaturealgorithms"), OM("requiredrsasize"),
	OM("channeltimeout"), OM("unusedconnectiontimeout"),
	// OpenSSH 9.8
	O("persourcepenalties"), O("persourcepenaltyexemptlist"), O("sshdsessionpath"),
	// Debian's and Fedora's patches
	O("debianbanner"), O("gssapikeyexchange"), O("gssapistorecredentialsonrekey"), O("gssapikexalgorithms"),
	OM("gssapienablek5users"), OM("kerberosusekuserok"), OM("rsaminsize"),
};

static const char *const key_names[SSHD_NKEYS] = {
	[SSHD_PERMIT_ROOT_LOGIN] = "PermitRootLogin",
	[SSHD_PASSWORD_AUTHENTICATION] = "PasswordAuthentication",
	[SSHD_KBD_INTERACTIVE_AUTHENTICATION] = "KbdInteractiveAuthentication",
	[SSHD_PUBKEY_AUTHENTICATION] = "PubkeyAuthentication",
	[SSHD_USE_PAM] = "UsePAM",
	[SSHD_PERMIT_EMPTY_PASSWORDS] = "PermitEmptyPasswords",
	[SSHD_AUTHENTICATION_METHODS] = "AuthenticationMethods",
	[SSHD_AUTHORIZED_KEYS_FILE] = "AuthorizedKeysFile",
	[SSHD_AUTHORIZED_KEYS_COMMAND] = "AuthorizedKeysCommand",
	[SSHD_AUTHORIZED_KEYS_COMMAND_USER] = "AuthorizedKeysCommandUser",
	[SSHD_ALLOW_USERS] = "AllowUsers",
	[SSHD_DENY_USERS] = "DenyUsers",
	[SSHD_ALLOW_GROUPS] = "AllowGroups",
	[SSHD_DENY_GROUPS] = "DenyGroups",
};

// sshd's fill_default_server_options(); UsePAM's default is no upstream, distributions set it
static const int default_num[SSHD_NKEYS] = {
	[SSHD_PERMIT_ROOT_LOGIN] = SSHD_ROOT_PROHIBIT_PASSWORD,
	[SSHD_PASSWORD_AUTHENTICATION] = 1,
	[SSHD_KBD_INTERACTIVE_AUTHENTICATION] = 1,
	[SSHD_PUBKEY_AUTHENTICATION] = 1,
};
static const char default_keys_files[] = ".ssh/authorized_keys\0.ssh/authorized_keys2";
static const char default_methods[] = "any";

static const char *const root_names[] = { "no", "yes", "prohibit-password", "forced-commands-only" };
static const struct {
	const char *word;
	int num;
} root_words[] = {
	{ "without-password", SSHD_ROOT_PROHIBIT_PASSWORD }, { "prohibit-password", SSHD_ROOT_PROHIBIT_PASSWORD },
	{ "forced-commands-only", SSHD_ROOT_FORCED_ONLY }, { "yes", SSHD_ROOT_YES }, { "no", SSHD_ROOT_NO },
};
static const char *const match_attrs[] = { "user", "group", "host", "address", "localaddress", "localport", "rdomain" };
static const char *const methods[] = { "none", "publickey", "password", "keyboard-interactive", "hostbased",
				       "gssapi-with-mic" };

struct parse {
	struct sshdcfg *c;
	sshdcfg_include_fn include;
	void *ctx;
	size_t bytes;
};

/* A bounded string being built; always NUL-terminated. */
struct buf {
	char *p;
	size_t n, size;
};

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* a (n bytes) equals b, ASCII case aside. */
static int same_n(const char *a, size_t n, const char *b)
{
	size_t i = 0;

	for (; i < n && b[i]; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return i == n && !b[i];
}

static int same(const char *a, const char *b)
{
	return same_n(a, strlen(a), b);
}

/* sshd's WHITESPACE, less the '\n' that ends lines. */
static int blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static const char *next_arg(const char *a)
{
	return a + strlen(a) + 1;
}

static void add(struct buf *b, const char *s, size_t n)
{
	if (b->n + 1 >= b->size)
		return;
	if (n > b->size - 1 - b->n)
		n = b->size - 1 - b->n;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

static void addf(struct buf *b, const char *fmt, ...)
{
	char t[320];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(t, sizeof t, fmt, ap);
	va_end(ap);
	if (n > 0)
		add(b, t, (size_t)n < sizeof t ? (size_t)n : sizeof t - 1);
}

/* "; " between the causes of one refusal. */
static void sep(struct buf *b)
{
	if (b->n)
		adds(b, "; ");
}

static const char *fname(const struct sshdcfg *c, int file)
{
	return file >= 0 && file < c->nfiles && c->files[file] >= 0 ? c->pool + c->files[file] : "?";
}

/* "sshd_config.d/50-cloud.conf line 3": names under /etc/ssh cited as relative ones. */
static void cite_bare(struct buf *b, const char *file, int line)
{
	static const char dir[] = SSHDCFG_DIR "/";

	if (!file) {
		adds(b, "built-in default");
		return;
	}
	if (strncmp(file, dir, sizeof dir - 1) == 0 && file[sizeof dir - 1])
		file += sizeof dir - 1;
	addf(b, "%s line %d", file, line);
}

static void cite(struct buf *b, const char *file, int line)
{
	adds(b, " (");
	cite_bare(b, file, line);
	adds(b, ")");
}

static void add_args(struct buf *b, const char *a, int n)
{
	for (int i = 0; i < n; i++, a = next_arg(a)) {
		if (i)
			adds(b, " ");
		adds(b, a);
	}
}

/* "PermitRootLogin no (sshd_config line 3)" */
static void setting(struct buf *b, const struct sshdcfg_value *v, int key)
{
	adds(b, key_names[key]);
	adds(b, " ");
	if (key == SSHD_PERMIT_ROOT_LOGIN)
		adds(b, sshdcfg_root_name(v->num));
	else if (key <= SSHD_PERMIT_EMPTY_PASSWORDS)
		adds(b, v->num ? "yes" : "no");
	else if (v->args)
		add_args(b, v->args, v->nargs);
	else
		adds(b, "none");
	cite(b, v->file, v->line);
}

static int pool_add(struct sshdcfg *c, const char *s, size_t n)
{
	if (n >= (size_t)(SSHDCFG_POOL - c->pool_used))
		return -1;
	int at = c->pool_used;
	memcpy(c->pool + at, s, n);
	c->pool[at + n] = '\0';
	c->pool_used += (int)n + 1;
	return at;
}

static void problem(struct sshdcfg *c, int file, int line, const char *fmt, ...)
{
	if (c->nproblems < SSHDCFG_MAX_PROBLEMS) {
		struct sshdcfg_problem *p = &c->problems[c->nproblems];
		va_list ap;
		p->file = fname(c, file);
		p->line = line;
		va_start(ap, fmt);
		vsnprintf(p->what, sizeof p->what, fmt, ap);
		va_end(ap);
	}
	c->nproblems++;
}

/* The first limit hit is the one reported. */
static void limit(struct sshdcfg *c, int file, int line, const char *what)
{
	struct buf b = { c->limit.what, 0, sizeof c->limit.what };

	if (c->limit.what[0])
		return;
	c->limit.file = fname(c, file);
	c->limit.line = line;
	adds(&b, what);
}

static int add_file(struct sshdcfg *c, const char *name)
{
	if (c->nfiles >= SSHDCFG_MAX_FILES)
		return -1;
	c->files[c->nfiles] = pool_add(c, name, strlen(name));
	return c->nfiles++;
}

static void record(struct sshdcfg *c, int key, int block, int file, int line, int num, const char *args,
		   size_t alen, int nargs)
{
	if (block < 0)
		return;
	if (c->nentries >= SSHDCFG_MAX_ENTRIES) {
		limit(c, file, line, "more settings than lifeboat keeps");
		return;
	}
	int at = pool_add(c, args, alen);
	if (at < 0) {
		limit(c, file, line, "more arguments than lifeboat keeps");
		return;
	}
	c->entries[c->nentries++] = (struct sshdcfg_entry){ key, block, file, line, num, at, nargs };
}

/* The words of s..e as sshd's argv_split() makes them: quotes, backslash escapes of quotes,
 * backslashes and spaces, and '#' starting a word ends the line. Each NUL-terminated in buf.
 * Returns how many, -1 for an unclosed quote, -2 when buf is too small. */
static int split(const char *s, const char *e, char *buf, size_t size, size_t *used)
{
	size_t o = 0;
	int n = 0;

	while (s < e) {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (*s == '#')
			break;
		char quote = 0;
		for (; s < e; s++) {
			char ch = *s;
			if (ch == '\\' && s + 1 < e &&
			    (s[1] == '\'' || s[1] == '"' || s[1] == '\\' || (!quote && s[1] == ' '))) {
				ch = *++s;
			} else if (!quote && (ch == ' ' || ch == '\t')) {
				break;
			} else if (!quote && (ch == '"' || ch == '\'')) {
				quote = ch;
				continue;
			} else if (quote && ch == quote) {
				quote = 0;
				continue;
			}
			if (o + 1 >= size)
				return -2;
			buf[o++] = ch;
		}
		if (quote)
			return -1;
		if (o >= size)
			return -2;
		buf[o++] = '\0';
		n++;
	}
	*used = o;
	return n;
}

/* sshd's a2port(): 1..65535, or the one service name sshd_config files use. */
static int port_number(const char *s)
{
	long v = 0;

	if (strcmp(s, "ssh") == 0)
		return 22;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -1;
	}
	return (int)v;
}

/* ListenAddress's host[:port], [host]:port or bare IPv6 address: its port, 0 when none, -1 when bad. */
static int listen_port(const char *a)
{
	const char *p = strchr(a, ':');

	if (!strchr(a, '[') && p && strchr(p + 1, ':'))
		return 0;
	if (a[0] == '[') {
		const char *q = strchr(a, ']');
		if (!q || (q[1] && q[1] != ':' && q[1] != '/'))
			return -1;
		p = q[1] ? q + 1 : NULL;
	} else {
		p = strpbrk(a, ":/");
	}
	if (!p)
		return 0;
	int port = port_number(p + 1);
	return port > 0 ? port : -1;
}

/* An AuthenticationMethods list ("publickey,password") sshd's auth2_methods_valid() accepts. */
static int methods_valid(const char *list)
{
	if (!*list)
		return 0;
	while (*list) {
		size_t n = strcspn(list, ",:");
		int known = 0;
		for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
			known |= strlen(methods[i]) == n && memcmp(methods[i], list, n) == 0;
		if (!known)
			return 0;
		list += strcspn(list, ",");
		if (*list == ',' && !*++list)
			return 0;
	}
	return 1;
}

static void parse_text(struct parse *p, int fi, const char *t, size_t len, int depth, int base);

/* A Match line's condition: a new block, current until the next Match or the file's end. */
static void parse_match(struct parse *p, int fi, int ln, char *words, int n, int base, int *cur)
{
	struct sshdcfg *c = p->c;
	char crit[SSHDCFG_LINE_MAX + 2];
	size_t o = 0;
	int ncrit = 0, all = 0, bad = 0, want = 0, lport = 0;
	char *w = words;

	// attribute-argument pairs, "User=root" split as sshd's strdelim() splits it
	for (int i = 0; i < n && !bad; i++) {
		size_t wl = strlen(w);
		// the word is cut up in place: its end is taken first
		char *word = w;
		w += wl + 1;
		for (size_t at = 0; at < wl && !bad;) {
			char *q = word + at;
			size_t ql = strcspn(q, "=");
			at += ql + 1;
			if (ql == 0)
				continue;
			q[ql] = '\0';
			if (want) {
				bad = lport && port_number(q) < 0;
				want = 0;
			} else if (all || same(q, "all")) {
				// "all" stands alone
				bad = all || ncrit > 0;
				all = 1;
			} else {
				bad = 1;
				for (size_t k = 0; k < sizeof match_attrs / sizeof match_attrs[0]; k++)
					bad &= !same(q, match_attrs[k]);
				lport = same(q, "localport");
				want = 1;
			}
			if (bad || o + ql + 3 > sizeof crit)
				break;
			memcpy(crit + o, q, ql + 1);
			o += ql + 1;
			if (all)
				crit[o++] = '\0';
			ncrit += all || !want;
		}
	}
	if (want || ncrit == 0)
		bad = 1;
	if (bad)
		problem(c, fi, ln, "Bad Match condition");
	if (base < 0) {
		*cur = -1;
		return;
	}
	if (c->nblocks >= SSHDCFG_MAX_BLOCKS) {
		limit(c, fi, ln, "more Match blocks than lifeboat keeps");
		*cur = -1;
		return;
	}
	int at = pool_add(c, crit, o);
	if (at < 0) {
		limit(c, fi, ln, "more Match conditions than lifeboat keeps");
		*cur = -1;
		return;
	}
	c->blocks[c->nblocks] = (struct sshdcfg_block){ base, fi, ln, at, bad ? 0 : ncrit,
							 (unsigned char)(!bad && all && c->blocks[base].global),
							 (unsigned char)bad };
	*cur = c->nblocks++;
}

static void parse_include(struct parse *p, int fi, int ln, const char *words, int n, int depth, int cur)
{
	struct sshdcfg *c = p->c;
	const char *w = words;

	if (n == 0)
		problem(c, fi, ln, "Include missing filename argument");
	for (int i = 0; i < n; i++, w = next_arg(w)) {
		char pattern[1024];
		struct sshdcfg_file files[SSHDCFG_INCLUDE_FILES];
		if (!*w) {
			problem(c, fi, ln, "Include: empty argument");
			return;
		}
		struct buf pb = { pattern, 0, sizeof pattern };
		pattern[0] = '\0';
		if (w[0] != '/' && w[0] != '~')
			adds(&pb, SSHDCFG_DIR "/");
		adds(&pb, w);
		if (pb.n + 1 >= pb.size) {
			limit(c, fi, ln, "an Include pattern too long to follow");
			continue;
		}
		if (!p->include) {
			limit(c, fi, ln, "Include not followed");
			continue;
		}
		memset(files, 0, sizeof files);
		int m = p->include(pattern, files, SSHDCFG_INCLUDE_FILES, p->ctx);
		if (m < 0) {
			problem(c, fi, ln, "Include \"%.60s\": glob failed or a file could not be read", pattern);
			continue;
		}
		if (m > SSHDCFG_INCLUDE_FILES) {
			limit(c, fi, ln, "more files for one Include than lifeboat reads");
			m = SSHDCFG_INCLUDE_FILES;
		}
		for (int k = 0; k < m; k++) {
			if (depth + 1 > SSHDCFG_INCLUDE_DEPTH) {
				problem(c, fi, ln, "Too many recursive configuration includes");
				return;
			}
			int nfi = add_file(c, files[k].name ? files[k].name : pattern);
			if (nfi < 0) {
				limit(c, fi, ln, "more included files than lifeboat reads");
				return;
			}
			// an included file's lines (and Match blocks) sit in the block of the Include line
			parse_text(p, nfi, files[k].text, files[k].len, depth + 1, cur);
		}
	}
}

/* One setting of what lifeboat decides with: checked as sshd checks it, then kept. */
static void parse_value(struct parse *p, const struct keyword *kw, int fi, int ln, const char *kwtext,
			const char *rest, const char *e, char *words, size_t wlen, int n, int cur)
{
	struct sshdcfg *c = p->c;
	int num = 0;

	switch (kw->kind) {
	case K_ROOT:
	case K_FLAG:
	case K_WORD:
	case K_PORT:
		if (n == 0 || !words[0]) {
			problem(c, fi, ln, "%s: missing argument", kwtext);
			return;
		}
		if (n > 1) {
			problem(c, fi, ln, "%s: extra arguments at end of line", kwtext);
			return;
		}
		if (kw->kind == K_ROOT) {
			num = -1;
			for (size_t i = 0; i < sizeof root_words / sizeof root_words[0]; i++)
				if (same(words, root_words[i].word))
					num = root_words[i].num;
		} else if (kw->kind == K_FLAG) {
			num = same(words, "yes") ? 1 : same(words, "no") ? 0 : -1;
		} else if (kw->kind == K_PORT) {
			num = port_number(words);
			if (num <= 0) {
				problem(c, fi, ln, "%s: Badly formatted port number", kwtext);
				return;
			}
			record(c, E_PORT, cur, fi, ln, num, words, wlen, n);
			return;
		}
		if (num < 0) {
			problem(c, fi, ln, "%s: unsupported option \"%.40s\"", kwtext, words);
			return;
		}
		break;
	case K_LISTEN: {
		const char *rd = n >= 2 ? next_arg(words) : NULL;
		if (n == 0 || !words[0]) {
			problem(c, fi, ln, "%s: missing address", kwtext);
			return;
		}
		if (n == 2 || (rd && strcmp(rd, "rdomain") != 0)) {
			problem(c, fi, ln, "%s: bad ListenAddress syntax", kwtext);
			return;
		}
		if (n > 3) {
			problem(c, fi, ln, "%s: extra arguments at end of line", kwtext);
			return;
		}
		num = listen_port(words);
		if (num < 0) {
			problem(c, fi, ln, "%s: bad address or port", kwtext);
			return;
		}
		record(c, E_LISTEN, cur, fi, ln, num, words, strlen(words) + 1, 1);
		return;
	}
	case K_LIST:
	case K_FILES: {
		const char *w = words;
		for (int i = 0; i < n; i++, w = next_arg(w))
			if (!*w) {
				problem(c, fi, ln, "%s: empty argument", kwtext);
				return;
			}
		if (n == 0)
			return;
		break;
	}
	case K_COMMAND: {
		// sshd keeps the rest of the line as it stands, comments and quotes included
		if (*rest != '/' && !same_n(rest, (size_t)(e - rest), "none")) {
			problem(c, fi, ln, "%s must be an absolute path", kwtext);
			return;
		}
		record(c, kw->key, cur, fi, ln, 0, rest, (size_t)(e - rest), 1);
		return;
	}
	case K_METHODS: {
		const char *w = words;
		int any = 0;
		if (n == 0) {
			problem(c, fi, ln, "no %s specified", kwtext);
			return;
		}
		for (int i = 0; i < n; i++, w = next_arg(w)) {
			if (strcmp(w, "any") == 0)
				any = 1;
			else if (!methods_valid(w)) {
				problem(c, fi, ln, "%s: invalid method list \"%.40s\"", kwtext, w);
				return;
			}
		}
		if (any && n > 1) {
			problem(c, fi, ln, "\"any\" must appear alone in %s", kwtext);
			return;
		}
		break;
	}
	}
	record(c, kw->key, cur, fi, ln, num, words, wlen, n);
}

static void parse_line(struct parse *p, int fi, int ln, const char *s, const char *e, int depth, int base, int *cur)
{
	struct sshdcfg *c = p->c;
	char words[SSHDCFG_LINE_MAX], kwtext[48];
	const struct keyword *kw = NULL;
	const char *k;
	size_t kl, wlen = 0;

	// load_server_config() strips the front; process_server_config_line() the back, \f included
	while (s < e && blank(*s))
		s++;
	while (e > s && (blank(e[-1]) || e[-1] == '\f'))
		e--;
	if (s == e)
		return;
	int glued = 0;
	if (*s == '"') {
		const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));
		if (!q)
			return;
		k = s + 1;
		kl = (size_t)(q - k);
		s = q + 1;
	} else {
		k = s;
		while (s < e && !blank(*s) && *s != '"' && *s != '=')
			s++;
		kl = (size_t)(s - k);
		// sshd's strdelim() would join a quoted part to the keyword: no keyword it knows
		glued = s < e && *s == '"';
	}
	if (kl == 0 || k[0] == '#')
		return;
	snprintf(kwtext, sizeof kwtext, "%.*s", kl < 40 ? (int)kl : 40, k);
	// one '=' may stand between keyword and arguments, blanks around it
	int eq = s < e && *s == '=';
	s += eq;
	while (s < e && blank(*s))
		s++;
	if (!eq && s < e && *s == '=') {
		s++;
		while (s < e && blank(*s))
			s++;
	}
	if (s == e) {
		problem(c, fi, ln, "no argument after keyword \"%s\"", kwtext);
		return;
	}
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0] && !glued; i++)
		if (same_n(k, kl, keywords[i].name)) {
			kw = &keywords[i];
			break;
		}
	if (!kw) {
		problem(c, fi, ln, "Bad configuration option: %s", kwtext);
		return;
	}
	int n = split(s, e, words, sizeof words, &wlen);
	if (n == -1) {
		problem(c, fi, ln, "invalid quotes");
		return;
	}
	if (n < 0) {
		limit(c, fi, ln, "a line longer than lifeboat reads");
		return;
	}
	// sshd reads the global settings first; a block it does not enter then must take the keyword
	if (*cur >= 0 && !c->blocks[*cur].global && !kw->in_match) {
		problem(c, fi, ln, "Directive '%s' is not allowed within a Match block", kwtext);
		return;
	}
	switch (kw->kind) {
	case K_OTHER:
	case K_IGNORED:
		return;
	case K_MATCH:
		parse_match(p, fi, ln, words, n, base, cur);
		return;
	case K_INCLUDE:
		parse_include(p, fi, ln, words, n, depth, *cur);
		return;
	}
	parse_value(p, kw, fi, ln, kwtext, s, e, words, wlen, n, *cur);
}

static void parse_text(struct parse *p, int fi, const char *t, size_t len, int depth, int base)
{
	struct sshdcfg *c = p->c;
	int cur = base, ln = 0;

	if (!t)
		len = 0;
	if (len > SSHDCFG_TEXT_MAX - p->bytes) {
		limit(c, fi, 0, "more text than lifeboat reads");
		len = SSHDCFG_TEXT_MAX - p->bytes;
	}
	p->bytes += len;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - t) : len;
		const char *z = memchr(t + pos, '\0', end - pos);
		size_t stop = z ? (size_t)(z - t) : end;
		ln++;
		// sshd would join the line's start to the next line: nothing a working file has
		if (z)
			limit(c, fi, ln, "a NUL byte: the line is read up to it");
		if (stop - pos >= SSHDCFG_LINE_MAX)
			limit(c, fi, ln, "a line longer than lifeboat reads");
		else
			parse_line(p, fi, ln, t + pos, t + stop, depth, base, &cur);
		pos = end + 1;
	}
}

/* The Match pass for one user: which blocks apply, and the winning lines. */
struct eval {
	const struct sshdcfg *c;
	const struct sshdcfg_user *u;
	int assume;				/* what the uncertain conditions are taken to be */
	unsigned char on[SSHDCFG_MAX_BLOCKS];
	unsigned char from_match[SSHD_NKEYS];	/* a block that applies sets the key */
	struct sshdcfg_value v[SSHD_NKEYS];
	struct buf note;			/* the first uncertain thing */
};

static void fill(const struct sshdcfg *c, int key, int e, int count, struct sshdcfg_value *v)
{
	int list = key >= SSHD_ALLOW_USERS;

	memset(v, 0, sizeof *v);
	if (e < 0) {
		v->num = default_num[key];
		if (key == SSHD_AUTHORIZED_KEYS_FILE) {
			v->args = default_keys_files;
			v->nargs = 2;
		} else if (key == SSHD_AUTHENTICATION_METHODS) {
			v->args = default_methods;
			v->nargs = 1;
		}
		return;
	}
	const struct sshdcfg_entry *en = &c->entries[e];
	v->num = list ? count : en->num;
	v->args = c->pool + en->args;
	v->nargs = en->nargs;
	v->file = fname(c, en->file);
	v->line = en->line;
}

/* The line counts for the user: read in the Match pass when a block that applies sets its key (the
 * Match values replace the global ones), in the global pass otherwise. */
static int counts(const struct eval *ev, const struct sshdcfg_entry *en)
{
	if (en->key >= SSHD_NKEYS)
		return ev->c->blocks[en->block].global;
	if (ev->from_match[en->key])
		return en->block > 0 && ev->on[en->block];
	return ev->c->blocks[en->block].global;
}

/* Each key's value: the first line counting (sshd keeps the first value it reads), lists adding up. */
static void settle(struct eval *ev)
{
	const struct sshdcfg *c = ev->c;

	for (int k = 0; k < SSHD_NKEYS; k++) {
		int first = -1, count = 0;
		ev->from_match[k] = 0;
		for (int i = 0; i < c->nentries; i++)
			if (c->entries[i].key == k && c->entries[i].block > 0 && ev->on[c->entries[i].block]) {
				ev->from_match[k] = 1;
				break;
			}
		for (int i = 0; i < c->nentries; i++)
			if (c->entries[i].key == k && counts(ev, &c->entries[i])) {
				if (first < 0)
					first = i;
				count++;
			}
		fill(c, k, first, count, &ev->v[k]);
	}
}

static void add_port(struct sshdcfg *c, int *to, int *n, int port, const struct sshdcfg_entry *en)
{
	for (int i = 0; i < *n; i++)
		if (to[i] == port)
			return;
	if (*n >= SSHDCFG_MAX_PORTS) {
		limit(c, en->file, en->line, "more ports than lifeboat keeps");
		return;
	}
	to[(*n)++] = port;
}

static void finish(struct sshdcfg *c)
{
	static struct eval ev0;
	struct eval ev = ev0;
	int ports[SSHDCFG_MAX_PORTS], n = 0, listen = 0;

	ev.c = c;
	settle(&ev);
	memcpy(c->global, ev.v, sizeof c->global);
	// sshd.c refuses to start with a command and no user to run it as
	const struct sshdcfg_value *cmd = &c->global[SSHD_AUTHORIZED_KEYS_COMMAND];
	if (cmd->args && !same(cmd->args, "none") && !c->global[SSHD_AUTHORIZED_KEYS_COMMAND_USER].args) {
		for (int i = 0; i < c->nentries; i++)
			if (c->entries[i].key == SSHD_AUTHORIZED_KEYS_COMMAND && c->blocks[c->entries[i].block].global) {
				problem(c, c->entries[i].file, c->entries[i].line,
					"AuthorizedKeysCommand set without AuthorizedKeysCommandUser");
				break;
			}
	}
	// sshd queues ListenAddress lines until it has every Port
	for (int i = 0; i < c->nentries; i++)
		if (c->entries[i].key == E_PORT && c->blocks[c->entries[i].block].global)
			add_port(c, ports, &n, c->entries[i].num, &c->entries[i]);
	if (n == 0)
		ports[n++] = 22;
	for (int i = 0; i < c->nentries; i++) {
		const struct sshdcfg_entry *en = &c->entries[i];
		if (en->key != E_LISTEN || !c->blocks[en->block].global)
			continue;
		listen = 1;
		// an address without a port listens on every Port
		for (int k = 0; k < (en->num ? 1 : n); k++)
			add_port(c, c->ports, &c->nports, en->num ? en->num : ports[k], en);
	}
	if (!listen) {
		memcpy(c->ports, ports, sizeof ports);
		c->nports = n;
	}
}

int sshdcfg_parse(struct sshdcfg *c, const char *name, const char *text, size_t len, sshdcfg_include_fn include,
		  void *ctx)
{
	struct parse p = { c, include, ctx, 0 };

	memset(c, 0, sizeof *c);
	c->blocks[0].global = 1;
	c->nblocks = 1;
	int fi = add_file(c, name ? name : SSHDCFG_MAIN);
	parse_text(&p, fi, text, len, 0, 0);
	finish(c);
	return c->nproblems;
}

int sshdcfg_ports(const struct sshdcfg *c, int *ports, int max)
{
	for (int i = 0; i < c->nports && i < max; i++)
		ports[i] = c->ports[i];
	return c->nports;
}

const char *sshdcfg_key_name(int key)
{
	return key >= 0 && key < SSHD_NKEYS ? key_names[key] : "?";
}

const char *sshdcfg_root_name(int num)
{
	return num >= 0 && num < (int)(sizeof root_names / sizeof root_names[0]) ? root_names[num] : "?";
}

/* sshd's match_pattern(): '*' and '?' over s (sn bytes) against p (pn bytes). */
static int wild(const char *s, size_t sn, const char *p, size_t pn)
{
	size_t i = 0, j = 0, star = (size_t)-1, mark = 0;

	while (i < sn) {
		if (j < pn && p[j] == '*') {
			star = j++;
			mark = i;
		} else if (j < pn && (p[j] == '?' || p[j] == s[i])) {
			i++;
			j++;
		} else if (star != (size_t)-1) {
			j = star + 1;
			i = ++mark;
		} else {
			return 0;
		}
	}
	while (j < pn && p[j] == '*')
		j++;
	return j == pn;
}

/* sshd's match_pattern_list(): 1 when a pattern of the comma-separated list matches, -1 when a
 * negated one ("!x") does, 0 otherwise. */
static int list_match(const char *s, const char *list)
{
	size_t sn = strlen(s);
	int got = 0;

	while (*list) {
		int neg = *list == '!';
		list += neg;
		size_t n = strcspn(list, ",");
		// sshd gives up on a pattern longer than its buffer
		if (n >= 1023)
			return 0;
		if (wild(s, sn, list, n)) {
			if (neg)
				return -1;
			got = 1;
		}
		list += n;
		list += *list == ',';
	}
	return got;
}

static const char *user_name(const struct sshdcfg_user *u)
{
	return u->name ? u->name : "";
}

/* "Match Group": a group of the list, and none the list negates. */
static int groups_match(const struct sshdcfg_user *u, const char *list)
{
	int found = 0;

	for (int i = 0; i < u->ngroups; i++) {
		if (!u->groups || !u->groups[i])
			continue;
		int r = list_match(u->groups[i], list);
		if (r < 0)
			return 0;
		found |= r;
	}
	return found;
}

/* A Match block's conditions for u alone: YES, NO, or MAYBE when it turns on the connection. */
static int block_match(const struct sshdcfg *c, const struct sshdcfg_block *b, const struct sshdcfg_user *u)
{
	const char *a = c->pool + b->crit;
	int r = YES;

	if (b->bad)
		return NO;
	for (int i = 0; i < b->ncrit; i++) {
		const char *arg = next_arg(a);
		int m = MAYBE;
		if (same(a, "all"))
			m = YES;
		else if (same(a, "user"))
			m = list_match(user_name(u), arg) == 1 ? YES : NO;
		else if (same(a, "group"))
			m = groups_match(u, arg) ? YES : NO;
		r = m < r ? m : r;
		a = next_arg(arg);
	}
	return r;
}

/* The first uncertain thing, cited: what "maybe" is about. */
static void note(struct eval *ev, const char *what, const char *args, int nargs, const char *file, int line)
{
	if (!ev->note.p || ev->note.n)
		return;
	adds(&ev->note, what);
	if (args) {
		adds(&ev->note, " ");
		add_args(&ev->note, args, nargs);
	}
	cite(&ev->note, file, line);
}

static void match_blocks(struct eval *ev)
{
	const struct sshdcfg *c = ev->c;
	int st[SSHDCFG_MAX_BLOCKS];

	st[0] = YES;
	ev->on[0] = 0;
	for (int b = 1; b < c->nblocks; b++) {
		int own = block_match(c, &c->blocks[b], ev->u), par = st[c->blocks[b].parent];
		st[b] = own < par ? own : par;
		ev->on[b] = st[b] == YES || (st[b] == MAYBE && ev->assume);
	}
	// the first uncertain block setting anything lifeboat decides with
	for (int i = 0; i < c->nentries; i++) {
		const struct sshdcfg_block *b = &c->blocks[c->entries[i].block];
		if (c->entries[i].block > 0 && st[c->entries[i].block] == MAYBE) {
			char crit[SSHDCFG_LINE_MAX];
			struct buf cb = { crit, 0, sizeof crit };
			const char *a = c->pool + b->crit;
			crit[0] = '\0';
			for (int k = 0; k < b->ncrit; k++, a = next_arg(next_arg(a))) {
				addf(&cb, "%s%s", k ? " " : "", a);
				if (*next_arg(a))
					addf(&cb, " %s", next_arg(a));
			}
			note(ev, "Match", crit, 1, fname(c, b->file), b->line);
			break;
		}
	}
}

/* A pattern of AllowUsers/DenyUsers ("user" or "user@host") against u: YES, NO, MAYBE on the host. */
static int user_pattern(const char *name, const char *pat)
{
	const char *at = strchr(pat, '@');

	if (!at)
		return wild(name, strlen(name), pat, strlen(pat)) ? YES : NO;
	if (!wild(name, strlen(name), pat, (size_t)(at - pat)))
		return NO;
	return strcmp(at + 1, "*") == 0 ? YES : MAYBE;
}

/* allowed_user() in sshd's auth.c, and PermitRootLogin no: 1, or 0 with why. */
static int allowed(struct eval *ev, struct buf *why)
{
	const struct sshdcfg *c = ev->c;
	const struct sshdcfg_user *u = ev->u;
	const char *name = user_name(u);
	int have_allow = -1, ok = 0, groups = 0, some_hosts = 0;

	if (u->no_shell) {
		addf(why, "the login shell of %s is missing or not executable", name);
		return 0;
	}
	if (!ev->v[SSHD_USE_PAM].num && u->password == SSHD_PW_LOCKED) {
		adds(why, "the account is locked (its password starts with \"!\") and ");
		setting(why, &ev->v[SSHD_USE_PAM], SSHD_USE_PAM);
		return 0;
	}
	for (int i = 0; i < c->nentries; i++) {
		const struct sshdcfg_entry *en = &c->entries[i];
		if (!counts(ev, en))
			continue;
		groups |= en->key == SSHD_DENY_GROUPS || en->key == SSHD_ALLOW_GROUPS;
		if (en->key != SSHD_DENY_USERS && en->key != SSHD_ALLOW_USERS)
			continue;
		if (en->key == SSHD_ALLOW_USERS && have_allow < 0)
			have_allow = i;
		const char *a = c->pool + en->args;
		for (int k = 0; k < en->nargs; k++, a = next_arg(a)) {
			int m = user_pattern(name, a);
			if (m == MAYBE) {
				note(ev, key_names[en->key], a, 1, fname(c, en->file), en->line);
				some_hosts |= en->key == SSHD_ALLOW_USERS;
				m = ev->assume ? YES : NO;
			}
			if (m == YES && en->key == SSHD_DENY_USERS) {
				addf(why, "DenyUsers %s", a);
				cite(why, fname(c, en->file), en->line);
				return 0;
			}
			ok |= m == YES && en->key == SSHD_ALLOW_USERS;
		}
	}
	if (have_allow >= 0 && !ok) {
		const struct sshdcfg_entry *en = &c->entries[have_allow];
		adds(why, "AllowUsers ");
		add_args(why, c->pool + en->args, en->nargs);
		cite(why, fname(c, en->file), en->line);
		addf(why, some_hosts ? " lets %s in from some hosts only" : " leaves out %s", name);
		return 0;
	}
	if (groups && u->ngroups <= 0) {
		addf(why, "%s is in no group, and AllowGroups or DenyGroups is set", name);
		return 0;
	}
	// DenyGroups and AllowGroups take plain patterns, matched against every group of the user
	for (int pass = 0; groups && pass < 2; pass++) {
		int key = pass ? SSHD_ALLOW_GROUPS : SSHD_DENY_GROUPS, first = -1, hit = 0;
		for (int i = 0; i < c->nentries && !hit; i++) {
			const struct sshdcfg_entry *en = &c->entries[i];
			if (en->key != key || !counts(ev, en))
				continue;
			first = first < 0 ? i : first;
			const char *a = c->pool + en->args;
			for (int k = 0; k < en->nargs && !hit; k++, a = next_arg(a))
				for (int g = 0; g < u->ngroups && !hit; g++) {
					const char *gn = u->groups && u->groups[g] ? u->groups[g] : "";
					if (!wild(gn, strlen(gn), a, strlen(a)))
						continue;
					hit = 1;
					if (!pass) {
						addf(why, "DenyGroups %s", a);
						cite(why, fname(c, en->file), en->line);
						addf(why, " takes group %s of %s", gn, name);
						return 0;
					}
				}
		}
		if (pass && first >= 0 && !hit) {
			const struct sshdcfg_entry *en = &c->entries[first];
			adds(why, "AllowGroups ");
			add_args(why, c->pool + en->args, en->nargs);
			cite(why, fname(c, en->file), en->line);
			addf(why, " has none of the groups of %s", name);
			return 0;
		}
	}
	if (u->uid == 0 && ev->v[SSHD_PERMIT_ROOT_LOGIN].num == SSHD_ROOT_NO) {
		setting(why, &ev->v[SSHD_PERMIT_ROOT_LOGIN], SSHD_PERMIT_ROOT_LOGIN);
		return 0;
	}
	return 1;
}

/* AuthorizedKeysFile as sshd opens it for u: ~ (sshd runs as root), %% %h %u %U, relative paths
 * under the home. Returns 1, 0 when lifeboat cannot tell (~user), -1 when sshd cannot (%x). */
static int expand(const struct sshdcfg_user *u, const char *a, char *out, size_t size)
{
	char t[1024];
	struct buf b = { t, 0, sizeof t }, o = { out, 0, size };
	const char *home = u->home ? u->home : "/";

	t[0] = '\0';
	if (a[0] == '~') {
		if (a[1] && a[1] != '/')
			return 0;
		adds(&b, "/root");
		a++;
	}
	for (; *a; a++) {
		char num[24];
		if (*a != '%') {
			add(&b, a, 1);
			continue;
		}
		switch (*++a) {
		case '%':
			adds(&b, "%");
			break;
		case 'h':
			adds(&b, home);
			break;
		case 'u':
			adds(&b, user_name(u));
			break;
		case 'U':
			snprintf(num, sizeof num, "%u", u->uid);
			adds(&b, num);
			break;
		default:
			return -1;
		}
	}
	if (b.n + 1 >= b.size)
		return -1;
	out[0] = '\0';
	if (t[0] != '/') {
		adds(&o, home);
		adds(&o, "/");
	}
	adds(&o, t);
	return o.n + 1 < o.size ? 1 : -1;
}

/* A key sshd would find for u: YES, NO or MAYBE, why when not YES. */
static int keys(struct eval *ev, struct buf *why)
{
	const struct sshdcfg_user *u = ev->u;
	const struct sshdcfg_value *f = &ev->v[SSHD_AUTHORIZED_KEYS_FILE], *cmd = &ev->v[SSHD_AUTHORIZED_KEYS_COMMAND];
	char tried[512], path[1024];
	struct buf tb = { tried, 0, sizeof tried };
	const char *a = f->args;
	int st = NO, files = 0;

	tried[0] = '\0';
	for (int i = 0; a && i < f->nargs; i++, a = next_arg(a)) {
		if (same(a, "none"))
			continue;
		files++;
		int r = expand(u, a, path, sizeof path);
		if (r == 0) {
			st = MAYBE;
			note(ev, "AuthorizedKeysFile", a, 1, f->file, f->line);
		}
		if (r <= 0)
			continue;
		if (!u->has_keys)
			st = MAYBE;
		else if (u->has_keys(path, u->ctx))
			return YES;
		addf(&tb, "%s%s", tb.n ? " or " : "", path);
	}
	if (cmd->args && !same(cmd->args, "none") && ev->v[SSHD_AUTHORIZED_KEYS_COMMAND_USER].args) {
		note(ev, "AuthorizedKeysCommand", cmd->args, 1, cmd->file, cmd->line);
		st = MAYBE;
	}
	if (st == MAYBE) {
		adds(why, "keys not known to lifeboat");
	} else if (files == 0) {
		setting(why, f, SSHD_AUTHORIZED_KEYS_FILE);
	} else {
		addf(why, "no key in %s (AuthorizedKeysFile, ", tried);
		cite_bare(why, f->file, f->line);
		adds(why, ")");
	}
	return st;
}

/* The password itself, and root's right to use one: YES or NO with why. */
static int password(struct eval *ev, struct buf *why)
{
	const struct sshdcfg_user *u = ev->u;
	const struct sshdcfg_value *v = ev->v;
	int st = YES;

	if (u->password == SSHD_PW_EMPTY && !v[SSHD_PERMIT_EMPTY_PASSWORDS].num) {
		adds(why, "the password is empty and ");
		setting(why, &v[SSHD_PERMIT_EMPTY_PASSWORDS], SSHD_PERMIT_EMPTY_PASSWORDS);
		st = NO;
	} else if (u->password == SSHD_PW_LOCKED) {
		adds(why, "the password is locked (\"!\")");
		st = NO;
	} else if (u->password != SSHD_PW_SET && u->password != SSHD_PW_EMPTY) {
		addf(why, "%s has no password", user_name(u));
		st = NO;
	}
	if (u->uid == 0 && v[SSHD_PERMIT_ROOT_LOGIN].num != SSHD_ROOT_YES) {
		sep(why);
		setting(why, &v[SSHD_PERMIT_ROOT_LOGIN], SSHD_PERMIT_ROOT_LOGIN);
		st = NO;
	}
	return st;
}

/* The ways the settings in ev let u in, *maybe those that turn on the unseen; why when none. */
static unsigned decide(struct eval *ev, unsigned *maybe, struct buf *why)
{
	const struct sshdcfg_value *v = ev->v;
	char pkb[400], pwb[400];
	struct buf pk = { pkb, 0, sizeof pkb }, pw = { pwb, 0, sizeof pwb };
	int spk = YES, sbase, spw, skbd;
	unsigned ways = 0;

	*maybe = 0;
	pkb[0] = pwb[0] = '\0';
	if (!allowed(ev, why))
		return 0;
	if (!v[SSHD_PUBKEY_AUTHENTICATION].num) {
		setting(&pk, &v[SSHD_PUBKEY_AUTHENTICATION], SSHD_PUBKEY_AUTHENTICATION);
		spk = NO;
	}
	if (ev->u->uid == 0 && v[SSHD_PERMIT_ROOT_LOGIN].num == SSHD_ROOT_FORCED_ONLY) {
		sep(&pk);
		setting(&pk, &v[SSHD_PERMIT_ROOT_LOGIN], SSHD_PERMIT_ROOT_LOGIN);
		adds(&pk, " lets in keys with a command= option only");
		spk = NO;
	}
	char kb[400];
	struct buf kbuf = { kb, 0, sizeof kb };
	kb[0] = '\0';
	int sk = keys(ev, &kbuf);
	if (sk != YES) {
		sep(&pk);
		adds(&pk, kb);
	}
	spk = sk < spk ? sk : spk;

	sbase = password(ev, &pw);
	int pa = v[SSHD_PASSWORD_AUTHENTICATION].num, ki = v[SSHD_KBD_INTERACTIVE_AUTHENTICATION].num;
	// keyboard-interactive asks for the password through PAM only: Linux has no other device
	spw = pa ? sbase : NO;
	skbd = ki && v[SSHD_USE_PAM].num ? sbase : NO;
	if (!pa && !(ki && v[SSHD_USE_PAM].num)) {
		sep(&pw);
		setting(&pw, &v[SSHD_PASSWORD_AUTHENTICATION], SSHD_PASSWORD_AUTHENTICATION);
		adds(&pw, " and ");
		setting(&pw, &v[SSHD_KBD_INTERACTIVE_AUTHENTICATION], SSHD_KBD_INTERACTIVE_AUTHENTICATION);
		if (ki) {
			adds(&pw, " without PAM: ");
			setting(&pw, &v[SSHD_USE_PAM], SSHD_USE_PAM);
		}
	}

	const struct sshdcfg_value *m = &v[SSHD_AUTHENTICATION_METHODS];
	if (m->nargs == 1 && strcmp(m->args, "any") == 0) {
		int sp = spw > skbd ? spw : skbd;
		ways = (spk == YES ? SSHD_WAY_PUBKEY : 0) | (sp == YES ? SSHD_WAY_PASSWORD : 0);
		*maybe = (spk == MAYBE ? SSHD_WAY_PUBKEY : 0) | (sp == MAYBE ? SSHD_WAY_PASSWORD : 0);
		if (!ways)
			addf(why, "public key: %s; password: %s", pkb, pwb);
		return ways;
	}
	// every method of one of the lists, in any order sshd asks for them
	const char *a = m->args;
	int single = 0;
	for (int i = 0; i < m->nargs; i++, a = next_arg(a)) {
		unsigned bits = 0;
		int st = YES;
		for (const char *s = a; *s;) {
			size_t n = strcspn(s, ",:"), end = strcspn(s, ",");
			int ms = NO;
			if (n == 9 && memcmp(s, "publickey", 9) == 0) {
				ms = spk;
				bits |= SSHD_WAY_PUBKEY;
			} else if (n == 8 && memcmp(s, "password", 8) == 0) {
				ms = spw;
				bits |= SSHD_WAY_PASSWORD;
			} else if (n == 20 && memcmp(s, "keyboard-interactive", 20) == 0) {
				ms = end == n || (end - n - 1 == 3 && memcmp(s + n + 1, "pam", 3) == 0) ? skbd : NO;
				bits |= SSHD_WAY_PASSWORD;
			}
			st = ms < st ? ms : st;
			s += end;
			s += *s == ',';
		}
		if (st == YES) {
			ways |= bits;
			single |= bits == SSHD_WAY_PUBKEY || bits == SSHD_WAY_PASSWORD;
		} else if (st == MAYBE) {
			*maybe |= bits;
		}
	}
	if (ways && !single)
		ways |= SSHD_WAY_BOTH;
	if (!ways) {
		setting(why, m, SSHD_AUTHENTICATION_METHODS);
		addf(why, "; public key: %s; password: %s", pkb[0] ? pkb : "works", pwb[0] ? pwb : "works");
	}
	return ways;
}

static unsigned run(struct eval *ev, const struct sshdcfg *c, const struct sshdcfg_user *u, int assume,
		    unsigned *maybe, struct buf *why)
{
	ev->c = c;
	ev->u = u;
	ev->assume = assume;
	match_blocks(ev);
	settle(ev);
	return decide(ev, maybe, why);
}

unsigned sshdcfg_ways_in(const struct sshdcfg *c, const struct sshdcfg_user *u, struct sshdcfg_verdict *v)
{
	static struct eval ev0;
	struct eval a = ev0, b = ev0;
	char ra[sizeof v->reason], rb[sizeof v->reason];
	struct buf wa = { ra, 0, sizeof ra }, wb = { rb, 0, sizeof rb }, out = { v->reason, 0, sizeof v->reason };
	unsigned ma, mb;

	memset(v, 0, sizeof *v);
	ra[0] = rb[0] = '\0';
	a.note = b.note = (struct buf){ v->uncertain, 0, sizeof v->uncertain };
	// once with every uncertain condition false, once with every one true
	unsigned wa_ways = run(&a, c, u, 0, &ma, &wa);
	b.note.n = strlen(v->uncertain);
	unsigned wb_ways = run(&b, c, u, 1, &mb, &wb);
	v->config_ways = wa_ways;
	v->maybe = ma | mb | (wa_ways ^ wb_ways);
	memcpy(v->eff, a.v, sizeof v->eff);
	if (c->nproblems) {
		adds(&out, "sshd would not start: ");
		adds(&out, c->problems[0].what);
		cite(&out, c->problems[0].file, c->problems[0].line);
		if (!wa_ways) {
			adds(&out, "; once it does: ");
			adds(&out, ra);
		}
		return v->ways = 0;
	}
	v->ways = wa_ways;
	if (!wa_ways)
		adds(&out, ra);
	return v->ways;
}
