# lib/lib.mk - the foundation library: types, string builder and formatter, log, heap, page pool.
objs-y += lib/fmt.o lib/log.o lib/heap.o lib/pool.o lib/string.o
# The string routines must not be compiled back into calls to themselves.
CFLAGS_lib/string := -fno-tree-loop-distribute-patterns
# Portable C the host unit tests link too (the host has its own string.h).
host-y += lib/fmt.c lib/log.c lib/heap.c lib/pool.c
