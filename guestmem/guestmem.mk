# guestmem/guestmem.mk - guest memory: stage-2 geometry and folding, gmap segments, the RMA pool, per-guest memory.
objs-y += guestmem/s2geom.o guestmem/stage2.o guestmem/gmap.o guestmem/rma.o guestmem/s2check.o \
	guestmem/vmmem.o
host-y += guestmem/s2geom.c guestmem/stage2.c guestmem/gmap.c guestmem/rma.c \
	guestmem/s2check.c guestmem/vmmem.c
