/* sys_read_to_end: what fits is kept, the rest is read and dropped, so that a
 * writer never blocks on a full pipe. */
#include "t.h"
#include "lib/sys.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child writes n bytes of 'a'..'z' into a pipe; read them back with size. */
static size_t through_pipe(size_t n, char *buf, size_t size, int *child_ok)
{
	int p[2];
	size_t got;
	pid_t pid;
	int status;

	if (pipe(p) < 0)
		return (size_t)-1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < n; i++) {
			char c = (char)('a' + i % 26);
			if (write(p[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	got = sys_read_to_end(p[0], buf, size);
	close(p[0]);
	*child_ok = waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return got;
}

int main(void)
{
	char buf[8];
	int ok;

	CHECK(through_pipe(5, buf, sizeof buf, &ok) == 5 && strcmp(buf, "abcde") == 0 && ok, "fits: %s", buf);
	CHECK(through_pipe(7, buf, sizeof buf, &ok) == 7 && strcmp(buf, "abcdefg") == 0 && ok, "exactly: %s", buf);
	// far more than a pipe holds: the writer finishes, the start is kept
	CHECK(through_pipe(200000, buf, sizeof buf, &ok) == 7 && strcmp(buf, "abcdefg") == 0 && ok,
	      "cut, writer done: %s", buf);
	CHECK(through_pipe(0, buf, sizeof buf, &ok) == 0 && buf[0] == '\0' && ok, "empty");
	CHECK(sys_read_to_end(-1, buf, sizeof buf) == 0 && buf[0] == '\0', "bad fd: nothing");
	return t_done("test_sys");
}
