/* tests/image/keyscheck.c - verifies image files against a keys.c made by loader/mkkeys.sh, as the microvisor would. */
#include <stdio.h>
#include <stdlib.h>

#include "loader/verify.h"

/*
 * Linked with a generated keys.c and loader/verify.c, this checks that
 * mkkeys.sh's table is what the verifier needs: prints "dev" or "release",
 * then one line per image: "OK <key index>" or the verifier's reason.
 * Exit status 0 if every image verified.
 */
int main(int argc, char **argv)
{
	int bad = 0;

	printf("%s %u keys\n", mv_keys_are_dev ? "dev" : "release",
	       mv_trusted_keys.count);
	for (int i = 1; i < argc; i++) {
		struct mvimg_info info;
		char err[MVIMG_ERR_MAX];
		FILE *f = fopen(argv[i], "rb");
		static u8 buf[1 << 20];
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (mvimg_verify(buf, n, &mv_trusted_keys, 0, &info, err,
				 sizeof(err))) {
			printf("%s: %s\n", argv[i], err);
			bad = 1;
		} else {
			printf("%s: OK %u\n", argv[i], info.key_index);
		}
	}
	return bad;
}
