/* grub.cfg read as grub's script would run it (menuentries, submenus, if/fi,
 * set, $variables), grubenv, BLS entry files, and grub's default= lookup. */
#include "bootent.h"

#include <stdio.h>
#include <string.h>

#define CMD_ARGS 128		/* words kept of one command; more are dropped (and said so) */
#define CMD_BUF 4096		/* bytes kept of them */
#define VARS_MAX 40		/* variables followed: grubenv's and the config's own */
#define VAR_NAME 32
#define VAR_VALUE 512
#define FRAMES_MAX 16		/* if/for/{ } nesting followed; deeper input is given up at that point */
#define SUBS_MAX 16		/* submenus remembered for a default by name */
#define PATH_LEN sizeof(((struct bootent *)0)->path)

enum { NO, YES, MAYBE };

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_name(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

/* Copy src into dst (size bytes), cut to fit. Returns 1 when cut. */
static int copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	int cut = n >= size;

	if (cut)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return cut;
}

/* Append word w to the space-separated list (size bytes) whole, or not at all.
 * quote: as grub hands an argument to the kernel — inside "…" when it has a
 * space, \ ' " escaped. Returns 1 when it did not fit. */
static int list_add(char *list, size_t size, const char *w, int quote)
{
	size_t at = strlen(list), need = 0;
	int space = 0;

	for (const char *p = w; *p; p++) {
		need += quote && (*p == '\\' || *p == '\'' || *p == '"') ? 2 : 1;
		space |= *p == ' ';
	}
	if (!need)
		return 0;
	space &= quote;
	need += space ? 2 : 0;
	if (at + (at ? 1 : 0) + need >= size)
		return 1;
	if (at)
		list[at++] = ' ';
	if (space)
		list[at++] = '"';
	for (const char *p = w; *p; p++) {
		if (quote && (*p == '\\' || *p == '\'' || *p == '"'))
			list[at++] = '\\';
		list[at++] = *p;
	}
	if (space)
		list[at++] = '"';
	list[at] = '\0';
	return 0;
}

// Variables: grubenv's, then the config's; lookups go from the end, so an
// entry's own 'set' shadows and is dropped when the entry ends.
struct var {
	char name[VAR_NAME];
	char value[VAR_VALUE];
	unsigned char set, cut;
};

struct vars {
	int n;
	struct var v[VARS_MAX];
};

enum { V_UNSET, V_SET, V_RUNTIME };

static int var_index(const struct vars *v, const char *name, size_t nlen)
{
	for (int i = v->n - 1; i >= 0; i--)
		if (strlen(v->v[i].name) == nlen && memcmp(v->v[i].name, name, nlen) == 0)
			return i;
	return -1;
}

/* The value of a variable: set (*val, *cut), unset, or one only grub knows at boot. */
static int var_get(const struct vars *v, const char *name, size_t nlen, const char **val, int *cut)
{
	// what grub-mkconfig's header tests: features every grub of this decade has
	static const char *const builtin[][2] = {
		{ "feature_menuentry_id", "y" }, { "feature_default_font_path", "y" },
		{ "feature_all_video_module", "y" }, { "feature_platform_search_hint", "y" },
		{ "feature_timeout_style", "y" }, { "feature_200_final", "y" }, { "feature_nativedisk_cmd", "y" },
		{ "menuentry_id_option", "--id" },
	};
	static const char *const runtime[] = { "grub_platform", "grub_cpu", "prefix", "root", "cmdpath",
					       "config_directory", "config_file", "chosen", "?" };
	int i = var_index(v, name, nlen);

	*cut = 0;
	if (i >= 0 && v->v[i].set) {
		*val = v->v[i].value;
		*cut = v->v[i].cut;
		return V_SET;
	}
	if (i < 0)
		for (size_t k = 0; k < sizeof builtin / sizeof *builtin; k++)
			if (strlen(builtin[k][0]) == nlen && memcmp(builtin[k][0], name, nlen) == 0) {
				*val = builtin[k][1];
				return V_SET;
			}
	for (size_t k = 0; k < sizeof runtime / sizeof *runtime; k++)
		if (strlen(runtime[k]) == nlen && memcmp(runtime[k], name, nlen) == 0)
			return V_RUNTIME;
	return nlen && is_digit(name[0]) ? V_RUNTIME : V_UNSET;
}

/* Set (value NULL: unset) a variable; shadow: as a new one over any old. */
static void var_set(struct vars *v, const char *name, size_t nlen, const char *value, size_t vlen, int shadow,
		    int cut)
{
	int i = shadow ? -1 : var_index(v, name, nlen);

	if (nlen == 0 || nlen >= VAR_NAME)
		return;
	if (i < 0) {
		if (v->n >= VARS_MAX)
			return;
		i = v->n++;
		memcpy(v->v[i].name, name, nlen);
		v->v[i].name[nlen] = '\0';
	}
	struct var *x = &v->v[i];
	x->set = value != NULL;
	if (!value)
		vlen = 0;
	x->cut = cut || vlen >= VAR_VALUE;
	if (vlen >= VAR_VALUE)
		vlen = VAR_VALUE - 1;
	if (vlen)
		memcpy(x->value, value, vlen);
	x->value[vlen] = '\0';
}

/* grubenv: "name=value" lines, '\' escaping the next byte, '#' lines and padding skipped. */
static void env_load(struct vars *v, const char *env, size_t len)
{
	char val[VAR_VALUE];

	v->n = 0;
	for (size_t pos = 0; env && pos < len;) {
		size_t i = pos, vl = 0;
		while (i < len && is_name(env[i]))
			i++;
		size_t name = pos, nlen = i - pos;
		int ok = nlen > 0 && i < len && env[i] == '=', cut = 0;
		if (ok)
			i++;
		while (i < len && env[i] != '\n') {
			if (env[i] == '\\' && i + 1 < len)
				i++;
			if (vl + 1 < sizeof val)
				val[vl++] = env[i];
			else
				cut = 1;
			i++;
		}
		if (ok)
			var_set(v, env + name, nlen, val, vl, 0, cut);
		pos = i + 1;
	}
}

/* At a '$' (s[pos]): a variable's name (offset, length) and where the reference
 * ends. Returns 0 when no name follows (a plain '$'). */
static int var_ref(const char *s, size_t len, size_t pos, size_t *name, size_t *nlen, size_t *end)
{
	size_t i = pos + 1, j;

	if (i < len && s[i] == '{') {
		for (j = i + 1; j < len && s[j] != '}' && s[j] != '\n'; j++)
			;
		if (j >= len || s[j] != '}')
			return 0;
		*name = i + 1;
		*nlen = j - i - 1;
		*end = j + 1;
		return 1;
	}
	if (i < len && (s[i] == '?' || s[i] == '#' || s[i] == '@' || s[i] == '*')) {
		j = i + 1;
	} else {
		for (j = i; j < len && is_name(s[j]); j++)
			;
		if (j == i)
			return 0;
	}
	*name = i;
	*nlen = j - i;
	*end = j;
	return 1;
}

/* Is w all one "$name" or "${name}"? */
static int var_only(const char *w)
{
	size_t name, nlen, end, len = strlen(w);

	return w[0] == '$' && var_ref(w, len, 0, &name, &nlen, &end) && end == len;
}

// The lexer: one simple command at a time, its words quoted and expanded the
// way grub's script does ('…', "…", \, $var split into words unless quoted).
struct lex {
	const char *s;
	size_t len, pos;
};

struct cmd {
	int argc;
	int open;		/* ended by '{' */
	int close;		/* a lone '}' */
	int unknown;		/* expanded a variable only grub knows at boot */
	int cut;		/* bytes or words dropped */
	int keep;		/* unset variables stay as written (linux, initrd) */
	int inword;		/* 0 between words, 1 in one, 2 in one being dropped */
	size_t used;
	char *argv[CMD_ARGS];
	char buf[CMD_BUF];
};

static void arg_begin(struct cmd *c)
{
	if (c->inword)
		return;
	if (c->argc >= CMD_ARGS || c->used >= CMD_BUF) {
		c->cut = 1;
		c->inword = 2;
		return;
	}
	c->argv[c->argc++] = c->buf + c->used;
	c->inword = 1;
}

static void arg_put(struct cmd *c, char ch)
{
	arg_begin(c);
	if (c->inword != 1)
		return;
	// one byte always stays for the NUL
	if (c->used + 1 >= CMD_BUF) {
		c->cut = 1;
		return;
	}
	c->buf[c->used++] = ch;
}

static void arg_end(struct cmd *c)
{
	if (c->inword == 1)
		c->buf[c->used++] = '\0';
	c->inword = 0;
}

/* Expand the '$' at l->pos into the word (quoted: as one word). Returns the position after it. */
static size_t expand(const struct lex *l, struct cmd *c, const struct vars *v, int quoted)
{
	size_t name, nlen, end;
	const char *val;
	int cut;

	if (!var_ref(l->s, l->len, l->pos, &name, &nlen, &end)) {
		arg_put(c, '$');
		return l->pos + 1;
	}
	int r = var_get(v, l->s + name, nlen, &val, &cut);
	c->cut |= cut;
	if (r == V_RUNTIME)
		c->unknown = 1;
	if (r == V_SET) {
		for (; *val; val++)
			if (!quoted && (is_blank(*val) || *val == '\n'))
				arg_end(c);
			else
				arg_put(c, *val);
	} else if (c->keep) {
		for (size_t i = l->pos; i < end; i++)
			arg_put(c, l->s[i]);
	}
	return end;
}

/* Read one word (maybe none, maybe several after splitting) into c; *quoted when any of it was. */
static void lex_word(struct lex *l, struct cmd *c, const struct vars *v, int *quoted)
{
	const char *s = l->s;

	*quoted = 0;
	while (l->pos < l->len) {
		char ch = s[l->pos];
		if (is_blank(ch) || ch == '\n' || ch == ';')
			break;
		if (ch == '\\') {
			*quoted = 1;
			if (l->pos + 1 < l->len && s[l->pos + 1] != '\n')
				arg_put(c, s[l->pos + 1]);
			l->pos += 2;
		} else if (ch == '\'') {
			*quoted = 1;
			arg_begin(c);
			for (l->pos++; l->pos < l->len && s[l->pos] != '\''; l->pos++)
				arg_put(c, s[l->pos]);
			l->pos++;
		} else if (ch == '"') {
			*quoted = 1;
			arg_begin(c);
			for (l->pos++; l->pos < l->len && s[l->pos] != '"';) {
				char d = l->pos + 1 < l->len ? s[l->pos + 1] : 0;
				if (s[l->pos] == '\\' && (d == '$' || d == '"' || d == '\\' || d == '\n')) {
					if (d != '\n')
						arg_put(c, d);
					l->pos += 2;
				} else if (s[l->pos] == '$') {
					l->pos = expand(l, c, v, 1);
				} else {
					arg_put(c, s[l->pos++]);
				}
			}
			l->pos++;
		} else if (ch == '$') {
			l->pos = expand(l, c, v, 0);
		} else {
			arg_put(c, ch);
			l->pos++;
		}
	}
	if (l->pos > l->len)
		l->pos = l->len;
	arg_end(c);
}

static int is_word(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

static const char *const kw_alone[] = { "then", "else", "do", "fi", "done", NULL };
static const char *const kw_linux[] = { "linux", "linuxefi", "linux16", NULL };
static const char *const kw_initrd[] = { "initrd", "initrdefi", "initrd16", NULL };

/* The next command into c. Returns 0 at the end of the text. */
static int lex_cmd(struct lex *l, struct cmd *c, const struct vars *v)
{
	c->argc = c->open = c->close = c->unknown = c->cut = c->keep = c->inword = 0;
	c->used = 0;
	for (;;) {
		while (l->pos < l->len && (is_blank(l->s[l->pos]) ||
					   (l->s[l->pos] == '\\' && l->pos + 1 < l->len && l->s[l->pos + 1] == '\n')))
			l->pos += l->s[l->pos] == '\\' ? 2 : 1;
		if (l->pos >= l->len)
			return c->argc > 0;
		char ch = l->s[l->pos];
		if (ch == '\n' || ch == ';') {
			l->pos++;
			if (c->argc)
				return 1;
		} else if (ch == '#') {
			while (l->pos < l->len && l->s[l->pos] != '\n')
				l->pos++;
		} else if (ch == '{') {
			l->pos++;
			c->open = 1;
			return 1;
		} else if (ch == '}') {
			if (c->argc)
				return 1;
			l->pos++;
			c->close = 1;
			return 1;
		} else {
			int quoted, before = c->argc;
			lex_word(l, c, v, &quoted);
			if (before == 0 && c->argc == 1) {
				// then/else/do/fi/done stand alone: a command may follow on the line
				if (!quoted && is_word(c->argv[0], kw_alone))
					return 1;
				c->keep = is_word(c->argv[0], kw_linux) || is_word(c->argv[0], kw_initrd);
			}
		}
	}
}

/* What a condition command says: "[ … ]"/"test …" with -n, -z, =, ==, != on known strings. */
static int eval(const struct cmd *c, int from)
{
	int argc = c->argc - from, neg = 0, r;
	char *const *a = c->argv + from;

	if (c->unknown)
		return MAYBE;
	if (argc > 0 && strcmp(a[0], "!") == 0) {
		neg = 1;
		a++;
		argc--;
	}
	if (argc >= 2 && strcmp(a[0], "[") == 0 && strcmp(a[argc - 1], "]") == 0) {
		a++;
		argc -= 2;
	} else if (argc >= 1 && strcmp(a[0], "test") == 0) {
		a++;
		argc--;
	} else {
		return MAYBE;
	}
	if (argc == 0)
		r = NO;
	else if (argc == 1)
		r = a[0][0] ? YES : NO;
	else if (argc == 2 && strcmp(a[0], "-n") == 0)
		r = a[1][0] ? YES : NO;
	else if (argc == 2 && strcmp(a[0], "-z") == 0)
		r = a[1][0] ? NO : YES;
	else if (argc == 3 && (strcmp(a[1], "=") == 0 || strcmp(a[1], "==") == 0))
		r = strcmp(a[0], a[2]) == 0 ? YES : NO;
	else if (argc == 3 && strcmp(a[1], "!=") == 0)
		r = strcmp(a[0], a[2]) != 0 ? YES : NO;
	else
		return MAYBE;
	return neg ? (r == YES ? NO : YES) : r;
}

// The walk: a stack of open blocks. A block is active when its commands
// would run; a branch grub decides only at boot (MAYBE) counts as active.
enum fkind { F_IF, F_LOOP, F_BRACE, F_FUNC, F_ENTRY, F_SUB };

struct frame {
	unsigned char kind, active, parent, cond, done, body;
	unsigned char linux, initrd;	/* F_ENTRY: seen */
	int n0, ns0, nv0;		/* entries, submenus, variables when it opened */
	int slot;			/* its index in e (F_ENTRY) or s (F_SUB), -1 when full */
	int next;			/* F_SUB: its next child's position */
	char path[PATH_LEN];		/* F_SUB */
};

struct sub {
	char title[128], id[128], path[PATH_LEN];
	int count;		/* its items, those past max too; -1 while open */
};

struct walk {
	struct frame f[FRAMES_MAX];
	int depth, next, gaveup, blscfg;
	struct vars v;
	struct sub s[SUBS_MAX];
	int ns;
	struct bootent *e;
	int n, max;
	struct cmd c;
};

static int active(const struct walk *w)
{
	return w->depth ? w->f[w->depth - 1].active : 1;
}

/* The innermost { } block, or NULL at the top level. */
static struct frame *block(struct walk *w)
{
	for (int i = w->depth - 1; i >= 0; i--)
		if (w->f[i].kind != F_IF && w->f[i].kind != F_LOOP)
			return &w->f[i];
	return NULL;
}

static struct frame *push(struct walk *w, enum fkind kind, int act)
{
	if (w->depth >= FRAMES_MAX) {
		w->gaveup = 1;
		return NULL;
	}
	struct frame *f = &w->f[w->depth++];
	memset(f, 0, sizeof *f);
	f->kind = (unsigned char)kind;
	f->active = (unsigned char)act;
	f->n0 = w->n;
	f->ns0 = w->ns;
	f->nv0 = w->v.n;
	f->slot = -1;
	return f;
}

/* menuentry/submenu words: the title (first plain word) and --id's value. */
static int entry_args(const struct cmd *c, char *title, size_t tsize, char *id, size_t isize)
{
	static const char *const with_arg[] = { "class", "users", "hotkey", "id", "source", NULL };
	int cut = 0, titled = 0;

	title[0] = id[0] = '\0';
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a, '=');
			if (eq) {
				if (eq - a == 4 && strncmp(a, "--id", 4) == 0)
					cut |= copy(id, isize, eq + 1);
			} else if (is_word(a + 2, with_arg) && i + 1 < c->argc) {
				if (strcmp(a, "--id") == 0)
					cut |= copy(id, isize, c->argv[i + 1]);
				i++;
			}
		} else if (!titled) {
			cut |= copy(title, tsize, a);
			titled = 1;
		}
	}
	return cut | c->cut;
}

/* A menuentry or submenu opens: its place in the current menu, its record. */
static void open_item(struct walk *w, int sub)
{
	struct frame *menu = block(w);
	int pos = menu ? menu->next++ : w->next++;
	char path[PATH_LEN];
	int n = snprintf(path, sizeof path, "%s%s%d", menu ? menu->path : "", menu ? ">" : "", pos);
	int cut = n < 0 || (size_t)n >= sizeof path;
	struct frame *f = push(w, sub ? F_SUB : F_ENTRY, 1);

	if (!f)
		return;
	memcpy(f->path, path, sizeof path);
	if (sub) {
		if (w->ns < SUBS_MAX) {
			f->slot = w->ns;
			struct sub *s = &w->s[w->ns++];
			s->count = -1;
			entry_args(&w->c, s->title, sizeof s->title, s->id, sizeof s->id);
			memcpy(s->path, path, sizeof path);
		}
		return;
	}
	if (w->n >= w->max)
		return;
	f->slot = w->n++;
	struct bootent *x = &w->e[f->slot];
	memset(x, 0, sizeof *x);
	x->truncated = cut | entry_args(&w->c, x->title, sizeof x->title, x->id, sizeof x->id);
	memcpy(x->path, path, sizeof path);
}

static void close_block(struct walk *w)
{
	struct frame *b = block(w);

	if (!b)
		return;		// a stray '}'
	w->depth = (int)(b - w->f);
	if (b->kind == F_ENTRY || b->kind == F_SUB)
		w->v.n = b->nv0;
	if (b->kind == F_SUB && b->slot >= 0)
		w->s[b->slot].count = b->next;
}

/* linux KERNEL ARGS…: the first one an entry runs. */
static void on_linux(struct bootent *x, const struct cmd *c)
{
	int i = 1;

	while (i < c->argc && strncmp(c->argv[i], "--", 2) == 0)
		i++;
	x->truncated |= c->cut;
	if (i >= c->argc)
		return;
	x->truncated |= copy(x->kernel, sizeof x->kernel, c->argv[i]);
	for (i++; i < c->argc; i++)
		if (list_add(x->cmdline, sizeof x->cmdline, c->argv[i], 1)) {
			x->truncated = 1;
			break;
		}
}

/* Add the initrd paths of words (a lone unset $variable is none, as in grub). */
static void add_initrd(struct bootent *x, const char *w)
{
	if (strncmp(w, "--", 2) == 0 || var_only(w) || !w[0])
		return;
	if (list_add(x->initrds, sizeof x->initrds, w, 0))
		x->truncated = 1;
	else
		x->truncated |= copy(x->initrd, sizeof x->initrd, w);
}

static void on_set(struct walk *w, const struct cmd *c, int from, int unset)
{
	struct frame *b = block(w);
	// a menuentry's or submenu's body runs when chosen: its variables are its own
	int shadow = b && (b->kind == F_ENTRY || b->kind == F_SUB);

	for (int i = from; i < c->argc; i++) {
		const char *a = c->argv[i], *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		int ok = nlen > 0 && !is_digit(a[0]);
		for (size_t k = 0; k < nlen; k++)
			ok &= is_name(a[k]);
		if (!ok || (!unset && !eq))
			continue;
		var_set(&w->v, a, nlen, unset ? NULL : eq + 1, unset ? 0 : strlen(eq + 1), shadow, c->cut);
	}
}

/* One command of the config. */
static void step(struct walk *w)
{
	struct cmd *c = &w->c;
	struct frame *top = w->depth ? &w->f[w->depth - 1] : NULL, *f;
	const char *a0 = c->argc ? c->argv[0] : "";

	if (c->close) {
		close_block(w);
		return;
	}
	if (c->open) {
		struct frame *b = block(w);
		int menu = active(w) && (!b || b->kind == F_SUB);
		if (menu && (strcmp(a0, "menuentry") == 0 || strcmp(a0, "submenu") == 0))
			open_item(w, strcmp(a0, "submenu") == 0);
		else
			push(w, strcmp(a0, "function") == 0 ? F_FUNC : F_BRACE, 0);
		return;
	}
	if (strcmp(a0, "if") == 0) {
		int act = active(w);
		if ((f = push(w, F_IF, 0))) {
			f->parent = (unsigned char)act;
			f->cond = act ? (unsigned char)eval(c, 1) : MAYBE;
		}
		return;
	}
	if (top && top->kind == F_IF) {
		if (strcmp(a0, "elif") == 0) {
			top->body = top->active = 0;
			top->cond = top->parent ? (unsigned char)eval(c, 1) : MAYBE;
			return;
		}
		if (strcmp(a0, "then") == 0 && !top->body) {
			top->body = 1;
			top->active = top->parent && !top->done && top->cond != NO;
			top->done |= top->cond == YES;
			return;
		}
		if (strcmp(a0, "else") == 0) {
			top->body = 1;
			top->active = top->parent && !top->done;
			top->done = 1;
			return;
		}
		if (strcmp(a0, "fi") == 0) {
			w->depth--;
			return;
		}
		if (!top->body) {
			// more of the condition: its last command decides
			top->cond = top->parent ? (unsigned char)eval(c, 0) : MAYBE;
			return;
		}
	}
	if (strcmp(a0, "for") == 0 || strcmp(a0, "while") == 0 || strcmp(a0, "until") == 0) {
		push(w, F_LOOP, 0);
		return;
	}
	if (strcmp(a0, "done") == 0 && top && top->kind == F_LOOP) {
		w->depth--;
		return;
	}
	if (!active(w) || !c->argc)
		return;

	struct frame *b = block(w);
	struct bootent *x = b && b->kind == F_ENTRY && b->slot >= 0 ? &w->e[b->slot] : NULL;
	const char *eq = strchr(a0, '=');
	if (strcmp(a0, "set") == 0) {
		on_set(w, c, 1, 0);
	} else if (strcmp(a0, "unset") == 0) {
		on_set(w, c, 1, 1);
	} else if (eq && eq != a0) {
		on_set(w, c, 0, 0);
	} else if (strcmp(a0, "blscfg") == 0 && !b) {
		w->blscfg = 1;
	} else if (x && is_word(a0, kw_linux) && !b->linux) {
		b->linux = 1;
		on_linux(x, c);
	} else if (x && is_word(a0, kw_initrd) && !b->initrd) {
		b->initrd = 1;
		x->truncated |= c->cut;
		for (int i = 1; i < c->argc; i++)
			add_initrd(x, c->argv[i]);
	}
}

// Finding a default: menus are walked by path; submenus of a grub list come
// from the walk's records, or are seen in the entries' paths.
struct menu {
	const struct bootent *e;
	int n;
	const struct sub *s;
	int ns;
	int top;		/* items at the top, -1 when not known */
};

/* Is path a child of prefix (""=the top)? Returns its position, or -1. */
static long child_pos(const char *path, const char *prefix)
{
	size_t pl = strlen(prefix);
	long pos = 0;

	if (pl && (strncmp(path, prefix, pl) != 0 || path[pl] != '>'))
		return -1;
	path += pl ? pl + 1 : 0;
	if (!*path)
		return -1;
	for (; *path; path++) {
		if (!is_digit(*path) || pos > 100000000)
			return -1;
		pos = pos * 10 + (*path - '0');
	}
	return pos;
}

/* The item at position pos of menu prefix, its path into path: 1 an entry
 * (*i its index), 2 a submenu (*i its record, -1 when only its entries show it), 0 none. */
static int item(const struct menu *m, const char *prefix, long pos, int *i, char *path)
{
	int n = snprintf(path, PATH_LEN, "%s%s%ld", prefix, *prefix ? ">" : "", pos);
	size_t pl = strlen(path);

	if (n < 0 || (size_t)n >= PATH_LEN)
		return 0;
	for (*i = 0; *i < m->n; (*i)++)
		if (strcmp(m->e[*i].path, path) == 0)
			return 1;
	for (*i = 0; *i < m->ns; (*i)++)
		if (strcmp(m->s[*i].path, path) == 0)
			return 2;
	*i = -1;
	for (int k = 0; k < m->n; k++)
		if (strncmp(m->e[k].path, path, pl) == 0 && m->e[k].path[pl] == '>')
			return 2;
	return 0;
}

/* The first position in menu prefix whose title or id is name, or -1. */
static long named(const struct menu *m, const char *prefix, const char *name)
{
	long best = -1, p;

	for (int i = 0; i < m->n; i++)
		if ((p = child_pos(m->e[i].path, prefix)) >= 0 && (best < 0 || p < best) &&
		    (strcmp(m->e[i].title, name) == 0 || strcmp(m->e[i].id, name) == 0))
			best = p;
	for (int i = 0; i < m->ns; i++)
		if ((p = child_pos(m->s[i].path, prefix)) >= 0 && (best < 0 || p < best) &&
		    (strcmp(m->s[i].title, name) == 0 || strcmp(m->s[i].id, name) == 0))
			best = p;
	return best;
}

/* grub's default lookup, one menu level per part of spec: a submenu is
 * entered, its default the rest of spec; no match or out of range is the
 * first. One in range but not kept (past max) is not known: 0. */
static int resolve(const struct menu *m, const char *spec)
{
	char prefix[PATH_LEN] = "", path[PATH_LEN], part[256];
	int count = m->top;

	for (int level = 0; level <= FRAMES_MAX; level++) {
		size_t k = 0;
		int digits = 1, i, kind = 0;
		long pos = 0;
		// one part: up to a single '>', ">>" being a '>' of the name
		for (; *spec && !(spec[0] == '>' && spec[1] != '>'); spec++) {
			if (spec[0] == '>')
				spec++;
			if (k + 1 < sizeof part)
				part[k++] = *spec;
			digits &= is_digit(*spec);
		}
		part[k] = '\0';
		if (*spec == '>')
			spec++;
		if (k && digits && k < 9)
			for (size_t d = 0; d < k; d++)
				pos = pos * 10 + (part[d] - '0');
		else if (k)
			pos = named(m, prefix, part);
		if (pos >= 0)
			kind = item(m, prefix, pos, &i, path);
		if (!kind && pos >= 0 && pos < count)
			return 0;
		if (!kind)
			kind = item(m, prefix, 0, &i, path);
		if (kind != 2)
			return kind == 1 ? i : 0;
		memcpy(prefix, path, sizeof prefix);
		count = i >= 0 ? m->s[i].count : -1;
	}
	return 0;
}

int bootent_find(const struct bootent *e, int n, const char *spec)
{
	struct menu m = { e, n, NULL, 0, -1 };

	return n > 0 ? resolve(&m, spec ? spec : "") : 0;
}

/* The variables, "name=value\n" with '\' and newline escaped, whole lines that fit. */
static void env_dump(const struct vars *v, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < v->n; i++) {
		const struct var *x = &v->v[i];
		size_t need = strlen(x->name) + 2;
		if (!x->set || var_index(v, x->name, strlen(x->name)) != i)
			continue;
		for (const char *p = x->value; *p; p++)
			need += *p == '\\' || *p == '\n' ? 2 : 1;
		if (o + need >= size)
			continue;
		o += (size_t)snprintf(out + o, size - o, "%s=", x->name);
		for (const char *p = x->value; *p; p++) {
			if (*p == '\\' || *p == '\n')
				out[o++] = '\\';
			out[o++] = *p;
		}
		out[o++] = '\n';
		out[o] = '\0';
	}
}

int bootent_grub(const char *cfg, size_t len, const char *env, size_t envlen, struct bootent *e, int max, int *def,
		 struct bootent_grubcfg *g)
{
	struct walk w;
	struct lex l = { cfg, cfg ? len : 0, 0 };
	const char *spec = "";
	int cut;

	w.depth = w.next = w.gaveup = w.blscfg = w.ns = w.n = 0;
	w.e = e;
	w.max = e && max > 0 ? max : 0;
	env_load(&w.v, env, envlen);
	while (!w.gaveup && lex_cmd(&l, &w.c, &w.v))
		step(&w);
	// blocks still open at the end (or too deep): grub rejects them whole
	if (w.depth) {
		w.n = w.f[0].n0;
		w.ns = w.f[0].ns0;
		for (int i = 0; i < w.depth; i++)
			if (w.f[i].kind == F_ENTRY || w.f[i].kind == F_SUB) {
				w.v.n = w.f[i].nv0;
				break;
			}
	}
	if (var_get(&w.v, "default", 7, &spec, &cut) != V_SET)
		spec = "";
	if (g) {
		g->blscfg = w.blscfg;
		copy(g->def, sizeof g->def, spec);
		env_dump(&w.v, g->env, sizeof g->env);
	}
	struct menu m = { e, w.n, w.s, w.ns, w.next };
	int d = w.n > 0 && !w.blscfg ? resolve(&m, spec) : 0;
	if (def)
		*def = d;
	return w.blscfg ? 0 : w.n;
}

/* Expand $name/${name} from v (unset ones stay as written), then add each word to list. */
static int bls_words(const char *s, size_t len, const struct vars *v, char *list, size_t size, struct bootent *x)
{
	char buf[2048], w[512];
	size_t o = 0, name, nlen, end;
	int cut = 0;

	for (size_t i = 0; i < len;) {
		const char *val = NULL;
		int vcut = 0;
		if (s[i] == '$' && var_ref(s, len, i, &name, &nlen, &end)) {
			int k = var_index(v, s + name, nlen);
			if (k >= 0 && v->v[k].set) {
				val = v->v[k].value;
				vcut = v->v[k].cut;
			}
		}
		if (val) {
			cut |= vcut;
			for (; *val; val++)
				if (o + 1 < sizeof buf)
					buf[o++] = *val;
				else
					cut = 1;
			i = end;
		} else if (o + 1 < sizeof buf) {
			buf[o++] = s[i++];
		} else {
			cut = 1;
			i++;
		}
	}
	buf[o] = '\0';
	for (size_t i = 0; i < o;) {
		size_t k = 0;
		while (i < o && (is_blank(buf[i]) || buf[i] == '\n'))
			i++;
		if (i >= o)
			break;
		while (i < o && !is_blank(buf[i]) && buf[i] != '\n') {
			if (k + 1 >= sizeof w) {
				cut = 1;
				break;
			}
			w[k++] = buf[i++];
		}
		w[k] = '\0';
		if (i < o && !is_blank(buf[i]) && buf[i] != '\n') {
			while (i < o && !is_blank(buf[i]) && buf[i] != '\n')
				i++;
			continue;	// no part of a word
		}
		if (list == x->initrds)
			add_initrd(x, w);
		else if (list_add(list, size, w, 0))
			cut = 1;
	}
	return cut;
}

static int key_is(const char *k, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(k, want, len) == 0;
}

int bootent_bls(const char *text, size_t len, const char *name, const char *env, size_t envlen, struct bootent *e)
{
	struct vars v;
	int linux = 0;

	memset(e, 0, sizeof *e);
	env_load(&v, env, envlen);
	if (name) {
		size_t nl = strlen(name);
		if (nl >= 5 && strcmp(name + nl - 5, ".conf") == 0)
			nl -= 5;
		e->truncated |= nl >= sizeof e->id;
		memcpy(e->id, name, nl < sizeof e->id ? nl : sizeof e->id - 1);
		e->id[nl < sizeof e->id ? nl : sizeof e->id - 1] = '\0';
	}
	for (size_t pos = 0; text && pos < len;) {
		size_t end = pos, k = pos, vs;
		while (end < len && text[end] != '\n')
			end++;
		while (k < end && is_blank(text[k]))
			k++;
		size_t key = k;
		while (k < end && !is_blank(text[k]))
			k++;
		size_t klen = k - key, ve = end;
		for (vs = k; vs < end && is_blank(text[vs]); vs++)
			;
		while (ve > vs && is_blank(text[ve - 1]))
			ve--;
		char val[1024];
		size_t vl = ve - vs < sizeof val ? ve - vs : sizeof val - 1;
		int cut = vl < ve - vs;
		// a line cut short loses its last word whole
		while (cut && vl > 0 && !is_blank(text[vs + vl]))
			vl--;
		memcpy(val, text + vs, vl);
		val[vl] = '\0';
		if (key_is(text + key, klen, "title")) {
			cut |= copy(e->title, sizeof e->title, val);
		} else if (key_is(text + key, klen, "version")) {
			cut |= copy(e->version, sizeof e->version, val);
		} else if (key_is(text + key, klen, "linux") && !linux) {
			char k1[256] = "";
			linux = 1;
			cut |= bls_words(val, vl, &v, k1, sizeof k1, e);
			char *sp = strchr(k1, ' ');
			if (sp)
				*sp = '\0';
			cut |= copy(e->kernel, sizeof e->kernel, k1);
		} else if (key_is(text + key, klen, "initrd")) {
			cut |= bls_words(val, vl, &v, e->initrds, sizeof e->initrds, e);
		} else if (key_is(text + key, klen, "options")) {
			cut |= bls_words(val, vl, &v, e->cmdline, sizeof e->cmdline, e);
		} else {
			cut = 0;	// a key not kept
		}
		e->truncated |= cut;
		pos = end + 1;
	}
	if (!e->title[0])
		copy(e->title, sizeof e->title, e->id);
	return linux && e->kernel[0] ? 0 : -1;
}

/* rpm's version compare: <0, 0, >0. */
static int vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a && !is_alpha(*a) && !is_digit(*a) && *a != '~' && *a != '^')
			a++;
		while (*b && !is_alpha(*b) && !is_digit(*b) && *b != '~' && *b != '^')
			b++;
		// '~' sorts before anything, even the end
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		// '^' sorts after the end, before anything else
		if (*a == '^' || *b == '^') {
			if (!*a)
				return -1;
			if (!*b)
				return 1;
			if (*a != '^')
				return 1;
			if (*b != '^')
				return -1;
			a++, b++;
			continue;
		}
		if (!*a || !*b)
			break;
		const char *sa = a, *sb = b;
		int num = is_digit(*a);
		while (num ? is_digit(*a) : is_alpha(*a))
			a++;
		while (num ? is_digit(*b) : is_alpha(*b))
			b++;
		if (sb == b)
			return num ? 1 : -1;	// a number is newer than letters
		if (num) {
			while (sa < a - 1 && *sa == '0')
				sa++;
			while (sb < b - 1 && *sb == '0')
				sb++;
			if (a - sa != b - sb)
				return a - sa > b - sb ? 1 : -1;
		}
		size_t la = (size_t)(a - sa), lb = (size_t)(b - sb);
		int r = memcmp(sa, sb, la < lb ? la : lb);
		if (r)
			return r < 0 ? -1 : 1;
		if (la != lb)
			return la > lb ? 1 : -1;
	}
	if (!*a && !*b)
		return 0;
	return *a ? 1 : -1;
}

/* >0 when a shows before b: a version before none, the newer, then the id. */
static int before(const struct bootent *a, const struct bootent *b)
{
	int r;

	if (!a->version[0] != !b->version[0])
		return a->version[0] ? 1 : -1;
	if ((r = vercmp(a->version, b->version)) != 0)
		return r;
	return vercmp(a->id, b->id);
}

void bootent_bls_sort(struct bootent *e, int n)
{
	struct bootent t;

	for (int i = 1; i < n; i++) {
		int j = i;
		t = e[i];
		for (; j > 0 && before(&t, &e[j - 1]) > 0; j--)
			e[j] = e[j - 1];
		e[j] = t;
	}
	for (int i = 0; i < n; i++)
		if (snprintf(e[i].path, sizeof e[i].path, "%d", i) < 0)
			e[i].path[0] = '\0';
}
