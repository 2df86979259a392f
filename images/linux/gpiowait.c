/* images/linux/gpiowait.c - waits for a rising edge on one GPIO line (QEMU virt's power button: PL061 line 3) through the GPIO v2 character device, then exits 0 (a static arm64 Linux program for /init's mv.button=1). */

/*
 *   gpiowait [CHIP [LINE]]
 *
 * CHIP is a gpiochip's label (the PL061 driver labels its chip with the
 * device's name, "9030000.pl061" on QEMU's virt board: the default), its
 * name ("gpiochip0") or a path ("/dev/gpiochip0"). LINE is the line's
 * offset on that chip, default 3 (where QEMU's system_powerdown raises
 * the line). The line is requested as an input with rising-edge events;
 * only then does "button: waiting ..." appear, so a press made after that
 * line is never missed (the kernel queues it until the read). The wait is
 * one blocking read(): no polling.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/gpio.h>

#define DEFAULT_CHIP "9030000.pl061"
#define DEFAULT_LINE 3
#define CONSUMER     "gpiowait"

/* Opens PATH and fills *info; -1 (and says why) if it is not a gpiochip. */
static int open_path(const char *path, struct gpiochip_info *info)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "button: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info) < 0) {
		fprintf(stderr, "button: %s: GPIO_GET_CHIPINFO: %s\n", path,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Opens /dev/NAME if it is the gpiochip labelled or named CHIP (fills
 * *info and PATH); else -1, and a note of what it is goes on SEEN.
 */
static int try_chip(const char *name, const char *chip,
		    struct gpiochip_info *info, char *path, size_t pathlen,
		    char *seen, size_t seenlen)
{
	size_t len = strlen(seen);
	int fd;

	snprintf(path, pathlen, "/dev/%s", name);
	fd = open_path(path, info);
	if (fd < 0)
		return -1;
	if (!strcmp(info->label, chip) || !strcmp(info->name, chip))
		return fd;
	snprintf(seen + len, seenlen - len, " %s \"%s\"", info->name,
		 info->label);
	close(fd);
	return -1;
}

/*
 * Opens the chip CHIP names (a path, or a label or name among
 * /dev/gpiochip*), fills *info and PATH; -1 (and says why) if none.
 */
static int open_chip(const char *chip, struct gpiochip_info *info, char *path,
		     size_t pathlen)
{
	struct dirent **names;
	char seen[512] = "";
	int n, fd = -1;

	snprintf(path, pathlen, "%s", chip);
	if (chip[0] == '/')
		return open_path(path, info);

	n = scandir("/dev", &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "button: cannot list /dev: %s\n",
			strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (fd < 0 && !strncmp(names[i]->d_name, "gpiochip", 8))
			fd = try_chip(names[i]->d_name, chip, info, path,
				      pathlen, seen, sizeof(seen));
		free(names[i]);
	}
	free(names);
	if (fd >= 0)
		return fd;
	if (seen[0])
		fprintf(stderr,
			"button: no gpiochip \"%s\" in /dev (there are:%s)\n",
			chip, seen);
	else
		fprintf(stderr,
			"button: no gpiochip \"%s\" in /dev (there are "
			"none): is the GPIO controller given to this guest? "
			"(on the microvisor: passthrough=/pl061@9030000)\n",
			chip);
	return -1;
}

int main(int argc, char **argv)
{
	const char *chip = argc > 1 ? argv[1] : DEFAULT_CHIP;
	struct gpio_v2_line_request req;
	struct gpio_v2_line_event ev;
	struct gpiochip_info info;
	char path[PATH_MAX], *end;
	unsigned long line = DEFAULT_LINE;
	int fd;
	ssize_t n;

	if (argc > 3 || (argc > 1 && !strcmp(argv[1], "--help"))) {
		fprintf(stderr,
			"usage: %s [CHIP [LINE]]  (default: %s %d)\n"
			"waits for a rising edge on LINE of the gpiochip "
			"labelled or named CHIP (or at /dev/...)\n",
			argv[0], DEFAULT_CHIP, DEFAULT_LINE);
		return 2;
	}
	if (argc > 2) {
		errno = 0;
		line = strtoul(argv[2], &end, 0);
		if (errno || end == argv[2] || *end || line > UINT_MAX) {
			fprintf(stderr, "button: bad line number '%s'\n",
				argv[2]);
			return 2;
		}
	}

	fd = open_chip(chip, &info, path, sizeof(path));
	if (fd < 0)
		return 1;
	if (line >= info.lines) {
		fprintf(stderr, "button: %s (\"%s\") has lines 0-%u, not %lu\n",
			path, info.label, info.lines - 1, line);
		return 1;
	}

	memset(&req, 0, sizeof(req));
	req.offsets[0] = (unsigned)line;
	req.num_lines = 1;
	req.config.flags =
		GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING;
	snprintf(req.consumer, sizeof(req.consumer), "%s", CONSUMER);
	if (ioctl(fd, GPIO_V2_GET_LINE_IOCTL, &req) < 0) {
		fprintf(stderr,
			"button: %s (\"%s\") line %lu: GPIO_V2_GET_LINE "
			"(input, rising edge): %s\n",
			path, info.label, line, strerror(errno));
		return 1;
	}
	close(fd);

	/* Only now: the edge detector is armed and events are queued. */
	printf("button: waiting for a rising edge on %s (\"%s\") line %lu\n",
	       path, info.label, line);
	fflush(stdout);

	do
		n = read(req.fd, &ev, sizeof(ev));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		fprintf(stderr, "button: %s line %lu: read: %s\n", path, line,
			strerror(errno));
		return 1;
	}
	if (n != sizeof(ev)) {
		fprintf(stderr,
			"button: %s line %lu: read %zd bytes, expected a "
			"%zu-byte event\n",
			path, line, n, sizeof(ev));
		return 1;
	}
	if (ev.id != GPIO_V2_LINE_EVENT_RISING_EDGE || ev.offset != line) {
		fprintf(stderr,
			"button: %s line %lu: unexpected event %u on line %u\n",
			path, line, ev.id, ev.offset);
		return 1;
	}
	printf("button: pressed (line %u, rising edge at %llu.%09llu s)\n",
	       ev.offset, (unsigned long long)ev.timestamp_ns / 1000000000,
	       (unsigned long long)ev.timestamp_ns % 1000000000);
	return 0;
}
