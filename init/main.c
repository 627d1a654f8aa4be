/* lifeboat: one static binary. As PID 1 it boots the rescue system; under any
 * other PID or name it is the `lifeboat` command. */
#include "cli/cli.h"
#include "pid1/pid1.h"

#include <unistd.h>

int main(int argc, char **argv)
{
	if (getpid() == 1)
		pid1_main();
	return cli_main(argc, argv);
}
