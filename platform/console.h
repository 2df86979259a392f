/* platform/console.h - the console driver interface: what a UART driver offers, and the table the board's drivers register in. */
#ifndef MV_CONSOLE_H
#define MV_CONSOLE_H

#include "lib/types.h"

/*
 * A polled console driver. 'base' is where the device's registers are
 * mapped now (the PA before the MMU is on, a VA after). A board picks its
 * drivers in its platform.mk (PLAT_SRCS): compiling a driver registers it,
 * and a boot DTB's stdout-path node uses the first driver that matches
 * one of its compatible strings.
 */
struct plat_console {
	const char *name;	/* for the log: "PL011" */
	const char *compatible; /* the device-tree compatible it drives */
	void (*init)(void *base);
	/* Send n bytes as they are (the log adds the "\r"s); bounded waits. */
	void (*write)(void *base, const char *s, size_t n);
	int (*getc)(void *base); /* a received byte, or -1 */
	/* Optional: the receive interrupt on or off (received bytes raise
	 * the UART's interrupt line while it is on). */
	void (*rx_irq)(void *base, bool on);
};

/* Register a driver: PLAT_CONSOLE(pl011) = { ... }; */
#define PLAT_CONSOLE(name)                                                     \
	static const struct plat_console name;                                 \
	static const struct plat_console *const name##_entry                   \
		__attribute__((used, section("plat_consoles"))) = &name;       \
	static const struct plat_console name

/* How many drivers this build has, and driver i (0 <= i < count). */
unsigned plat_console_count(void);
const struct plat_console *plat_console_get(unsigned i);

/*
 * The index of the first driver compatible with a device whose
 * "compatible" property is compat (len bytes of NUL-separated strings,
 * as in the device tree), or -1.
 */
int plat_console_match(const char *compat, size_t len);

#endif
