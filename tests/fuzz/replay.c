/* Replays a fuzz target's seeds and kept crashes under the host compiler's ASan
 * and UBSan, as a unit test: a crash ends the process (and fails make unit);
 * every input that passes counts as one. FUZZ_NAME and FUZZ_DIR come from the
 * Makefile. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int replay_dir(const char *dir, int *failed)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), done = 0;

	if (n < 0) {
		if (errno != ENOENT) {
			fprintf(stderr, "%s: %s\n", dir, strerror(errno));
			(*failed)++;
		}
		return 0;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			FILE *f = fopen(path, "rb");
			if (!f) {
				fprintf(stderr, "%s: %s\n", path, strerror(errno));
				(*failed)++;
			} else {
				static uint8_t buf[1 << 20];
				size_t len = fread(buf, 1, sizeof buf, f);
				fclose(f);
				// a copy of exactly len bytes: ASan then sees a read past the input
				uint8_t *copy = malloc(len ? len : 1);
				if (!copy)
					abort();
				memcpy(copy, buf, len);
				LLVMFuzzerTestOneInput(copy, len);
				free(copy);
				done++;
			}
		}
		free(names[i]);
	}
	free(names);
	return done;
}

int main(void)
{
	int failed = 0, done;

	done = replay_dir(FUZZ_DIR "/corpus/" FUZZ_NAME, &failed);
	done += replay_dir(FUZZ_DIR "/regress/" FUZZ_NAME, &failed);
	if (done == 0) {
		fprintf(stderr, "replay %s: no seed in %s/corpus/%s\n", FUZZ_NAME, FUZZ_DIR, FUZZ_NAME);
		failed++;
	}
	printf("replay %s: %d passed, %d failed\n", FUZZ_NAME, done, failed);
	return failed != 0;
}
