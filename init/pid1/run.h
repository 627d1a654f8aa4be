/* Running a helper program to completion (host keys, static addresses). */
#ifndef LB_RUN_H
#define LB_RUN_H

#include <stddef.h>

/* Run path with argv, wait for it; its stdout goes into out (size bytes, NUL-terminated;
 * NULL out: discarded), its stderr to /dev/null. Returns its exit status, or -errno. */
int run_capture(const char *path, char *const argv[], char *out, size_t size);

/* In a forked child: stdin and stdout on /dev/null, stderr on err_fd (or /dev/null when < 0). */
void run_child_stdio(int err_fd);

#endif
