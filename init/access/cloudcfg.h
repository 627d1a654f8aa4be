/* Cloud config drives: SSH key candidates in NoCloud YAML, OpenStack JSON, EC2 key lists (pure). */
#ifndef LB_CLOUDCFG_H
#define LB_CLOUDCFG_H

#include <stddef.h>

#define CLOUDCFG_VALUE_MAX (16384 + 256)	/* a 16 KiB key line and options; longer values are dropped */
#define CLOUDCFG_JSON_DEPTH 32			/* deeper JSON is refused as malformed */
#define CLOUDCFG_EC2_INDEX_MAX 1000		/* EC2 key indices are below this */

/* Called with one candidate: NUL-terminated, one line, blanks trimmed, not empty. */
typedef void (*cloudcfg_key_fn)(void *ctx, const char *value);

/* NoCloud meta-data or #cloud-config user-data (at most len bytes of text, no NUL
 * needed): every scalar under a key named ssh_authorized_keys, public-keys or
 * public_keys at any depth (block lists, nested maps, an inline scalar, flow lists,
 * | and > block scalars) goes to fn. A value holding several lines (a | block, a
 * quoted "\n") is passed line by line; one longer than CLOUDCFG_VALUE_MAX or
 * holding a NUL byte is dropped, unreported and uncounted. Returns how many were
 * passed. Not a YAML parser: the caller validates each candidate. */
int cloudcfg_yaml_keys(const char *text, size_t len, cloudcfg_key_fn fn, void *ctx);

/* OpenStack openstack/latest/meta_data.json: every string of the top-level object
 * "public_keys" and the "data" string of each element of the top-level array "keys"
 * (unless its "type" is a string other than "ssh") go to fn, as in
 * cloudcfg_yaml_keys. The whole text is checked first: -1 (with fn never called)
 * when it is not one well-formed JSON object; otherwise how many were passed. */
int cloudcfg_openstack_keys(const char *json, size_t len, cloudcfg_key_fn fn, void *ctx);

/* The top-level string member key (shorter than 64 bytes; the last one if repeated)
 * of a well-formed meta_data.json, decoded into out (size bytes, NUL-terminated).
 * Returns its length, or -1 when malformed, absent, not a string, holding a NUL or
 * too long for out. */
int cloudcfg_openstack_string(const char *json, size_t len, const char *key, char *out, size_t size);

/* An EC2 /latest/meta-data/public-keys/ answer ("0=name" lines, LF or CRLF): the
 * indices, in order, without repeats, at most max of them, into idx. Lines that are
 * not a decimal index below CLOUDCFG_EC2_INDEX_MAX (no sign, no leading zero) and
 * "=" are skipped. Returns how many. */
int cloudcfg_ec2_key_indices(const char *body, size_t len, int *idx, int max);

#endif
