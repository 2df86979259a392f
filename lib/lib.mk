# lib/lib.mk - the foundation library: types, string builder and formatter, log, heap, page pool.
objs-y += lib/fmt.o lib/log.o lib/heap.o lib/pool.o
# All of it is portable C: the host unit tests link it too.
host-y += lib/fmt.c lib/log.c lib/heap.c lib/pool.c
