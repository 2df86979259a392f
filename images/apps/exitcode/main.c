/* images/apps/exitcode/main.c - exits with the status given as its first argument, so tests can check the status travels intact. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *end;
	long status;

	if (argc < 2) {
		printf("exitcode: usage: exitcode STATUS (0..255)\n");
		return 2;
	}
	errno = 0;
	status = strtol(argv[1], &end, 0);
	if (errno || end == argv[1] || *end || status < 0 || status > 255) {
		printf("exitcode: bad status '%s': want 0..255\n", argv[1]);
		return 2;
	}
	printf("exitcode: exiting with status %ld\n", status);
	return (int)status;
}
