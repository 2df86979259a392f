/* images/apps/hello/main.c - the smallest appliance: greets, shows its RAM and command line from the device tree, exits 0. */
#include <inttypes.h>
#include <stdio.h>

#include "mv_guest.h"

int main(int argc, char **argv)
{
	const struct mv_boot_info *bi = mv_boot_info();
	int i;

	printf("Hello from the appliance!\n");
	printf("hello: RAM %" PRIu64 " MiB at 0x%" PRIx64 ", bootargs \"%s\"\n",
	       bi->ram_size >> 20, bi->ram_base, bi->bootargs);
	for (i = 1; i < argc; i++)
		printf("hello: argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}
