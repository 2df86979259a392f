# platform/platform.mk - board support: the boot DTB reader, the console-driver table, power; then the board's own platform.mk.
objs-y += platform/bootinfo.o platform/console.o platform/power.o platform/gicv3.o
host-y += platform/bootinfo.c platform/console.c
# Drivers register themselves by being linked (platform/console.h): the
# host tests link these whole, as a board's build does.
host-drivers-y += platform/pl011.c

ifeq ($(wildcard platform/$(PLATFORM)/platform.mk),)
$(error PLATFORM=$(PLATFORM) is not supported: available: $(notdir $(patsubst %/platform.mk,%,$(wildcard platform/*/platform.mk))))
endif
# The board: its description, the drivers it picks, how QEMU runs it.
include platform/$(PLATFORM)/platform.mk
