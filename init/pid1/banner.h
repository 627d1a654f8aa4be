/* The ready banner and the status JSON, rendered from a report (pure). */
#ifndef LB_BANNER_H
#define LB_BANNER_H

#include <stddef.h>
#include "report.h"
#include "../lib/json.h"

/* Render the banner; its first line is exactly "lifeboat ready". Returns the
 * length, or -1 if buf is too small. */
int banner_render(const struct report *r, char *buf, size_t size);

/* The network lines alone (each link, then how to connect), as the banner has
 * them: printed again when an address comes or goes. Returns the length, or -1. */
int banner_network(const struct report *r, char *buf, size_t size);

/* The ssh lines alone (how SSH is reached, the host keys' fingerprints), as the
 * banner has them: printed again when a host key made after the banner is there.
 * Returns the length (0: no ssh state), or -1. */
int banner_ssh(const struct report *r, char *buf, size_t size);

/* The diagnose lines alone, as the banner has them: printed again when
 * lifeboat diagnose has finished. Returns the length, or -1. */
int banner_diagnose(const struct report *r, char *buf, size_t size);

/* The provider's name and message (the files a provider's build baked in, either
 * NULL) into the report, made safe for a terminal: the name is its first line,
 * trimmed; in both, control characters (escape sequences among them) become '?'
 * except the message's newlines and tabs, and \r is dropped. Cut to fit. */
void banner_provider(struct report *r, const char *name, const char *motd);

/* Write the report as one JSON object with stable keys. */
void banner_json(const struct report *r, struct json *j);


#endif
