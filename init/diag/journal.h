/* diag journal: the entries of a systemd journal file (system.journal), read from its bytes,
 * with the lines that show why the guest's last boot failed picked out (pure). */
#ifndef LB_JOURNAL_H
#define LB_JOURNAL_H

#include <stddef.h>

#define JOURNAL_HEADER_MIN 208	/* every field up to n_data: the oldest header there is */

/* Header incompatible_flags this reader understands; any other bit makes journal_open fail. */
enum {
	JOURNAL_INCOMPAT_XZ = 1, JOURNAL_INCOMPAT_LZ4 = 2, JOURNAL_INCOMPAT_KEYED_HASH = 4,
	JOURNAL_INCOMPAT_ZSTD = 8, JOURNAL_INCOMPAT_COMPACT = 16,
};

/* Compression of a DATA payload, as its object flags say; the algo given to journal_decompress. */
enum { JOURNAL_XZ = 1, JOURNAL_LZ4 = 2, JOURNAL_ZSTD = 4 };

/* What journal_classify finds in a message; JOURNAL_NONE is 0. */
enum journal_class {
	JOURNAL_NONE, JOURNAL_PANIC, JOURNAL_OOPS, JOURNAL_UNIT_FAILED, JOURNAL_EMERGENCY,
	JOURNAL_DEVICE_TIMEOUT, JOURNAL_FS_ERROR, JOURNAL_OOM,
};

struct journal_info {
	unsigned compatible, incompatible;
	int state;			/* 0 offline (closed cleanly), 1 online (still open: the guest died), 2 archived */
	int compact;			/* COMPACT layout: 32-bit offsets */
	int truncated;			/* the buffer is shorter than header_size + arena_size */
	unsigned char machine_id[16], seqnum_id[16], tail_boot_id[16];
	unsigned long long n_entries;	/* as the header says: a crashed writer may leave it behind */
	unsigned long long head_seqnum, tail_seqnum, head_realtime_us, tail_realtime_us;
};

struct journal_entry {
	unsigned long long seqnum, realtime_us, monotonic_us;
	unsigned char boot_id[16];
	int priority;			/* PRIORITY= 0..7, -1 if none */
	int transport_kernel;		/* _TRANSPORT=kernel */
	int undecoded;			/* compressed fields left unread: maybe the message */
	char ident[64];			/* SYSLOG_IDENTIFIER=, else _COMM=; "" if neither */
	char message[512];		/* MESSAGE=, cut to fit, control bytes and bad UTF-8 as '?'; "" if none */
};

/* Decompress in (inlen bytes; for LZ4 the bare block, the journal's le64 size prefix already
 * removed) into out: the first outmax bytes of the result are enough, and stopping there is
 * success. Sets *outlen. Returns 0, or -1 when the data is not valid. */
typedef int (*journal_decompress)(int algo, const void *in, size_t inlen, void *out, size_t outmax,
				  size_t *outlen, void *ctx);

/* Called once per entry, in file order; e is valid during the call only. Nonzero stops the walk. */
typedef int (*journal_entry_cb)(const struct journal_entry *e, void *ctx);

struct journal_walk_stats {
	unsigned long long entries;	/* passed to the callback */
	unsigned long long skipped;	/* entry offsets that led to no sane ENTRY object */
	unsigned long long undecoded;	/* compressed fields not read: no callback, it failed, or over budget */
	char why[96];			/* why the walk stopped early; "" when it reached the chain's end */
};

/* Check the header of a journal file of len bytes; info (may be NULL) gets its fields.
 * Returns 0, or -1 with a reason in why (whysize bytes). */
int journal_open(const unsigned char *buf, size_t len, struct journal_info *info, char *why, size_t whysize);

/* Walk the file's entries in order along the entry array chain from the header. Entries that do
 * not check out are skipped; a chain link that does not (out of the file, not an ENTRY_ARRAY,
 * not past the previous array) ends the walk, so it always ends. dec may be NULL; it is given
 * at most 4 × len compressed bytes over the whole walk. st may be NULL. Returns 0 at the chain's
 * end, 1 when cb stopped it, -1 for a bad header or a broken chain (the entries before the
 * break were delivered; st->why says which). */
int journal_walk(const unsigned char *buf, size_t len, journal_decompress dec, void *decctx, journal_entry_cb cb,
		 void *ctx, struct journal_walk_stats *st);

/* The boot id of the file's last entry (found along the chain), else the header's
 * tail_entry_boot_id when the header counts entries. Returns 0, or -1 when there is none. */
int journal_last_boot(const unsigned char *buf, size_t len, unsigned char boot_id[16]);

/* The kind of failure message shows, or JOURNAL_NONE. */
int journal_classify(const char *message);

/* "panic", "oops", "unit failed", … for a journal_class; "" for JOURNAL_NONE. */
const char *journal_class_name(int cls);

/* One line kept by a journal_tail. */
struct journal_line {
	struct journal_entry e;
	int cls;			/* journal_classify(e.message) */
	unsigned long long n;		/* its place in its boot, from 0 */
};

/* The last boot seen, collected entry by entry from files fed oldest first: its first
 * hitcap classified lines and its last ringcap lines, in storage the caller gives. */
struct journal_tail {
	struct journal_line *ring, *hits;
	int ringcap, hitcap, nhits;
	unsigned long long nlines;	/* lines of this boot seen */
	unsigned long long nclassified;	/* classified lines of this boot, kept or not */
	unsigned char boot_id[16];
};

void journal_tail_init(struct journal_tail *t, struct journal_line *ring, int ringcap, struct journal_line *hits,
		       int hitcap);

/* Add an entry; one of another boot than the last starts the collection over. */
void journal_tail_add(struct journal_tail *t, const struct journal_entry *e);

/* The lines worth showing, in order, none twice: every kept classified line, and the last k
 * lines of the boot (k capped by ringcap). Up to max pointers into t's storage go to out.
 * Returns their number. */
int journal_tail_pick(const struct journal_tail *t, int k, const struct journal_line **out, int max);

/* "2024-05-01 12:34:56 [   12.345678] ident: message" (UTC) into out (size bytes), cut to fit.
 * Returns the length it wanted, like snprintf. */
int journal_format(const struct journal_entry *e, char *out, size_t size);

#endif
