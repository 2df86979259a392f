# hyp/hyp.mk - the arch layer: entry, vectors, world switch, EL2 MMU, stage-2 hardware glue, page-table walker, decoding.
objs-y += hyp/head.o hyp/idmap.o hyp/vectors.o hyp/guest.o hyp/fpreset.o hyp/cpu.o hyp/cache.o \
	hyp/el2mmu.o hyp/smccc.o hyp/s2hw.o hyp/pgtable.o hyp/decode.o
# The portable parts; the host tests get the rest from hyp/fake/.
host-y += hyp/pgtable.c hyp/decode.c
