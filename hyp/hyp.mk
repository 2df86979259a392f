# hyp/hyp.mk - the arch layer: entry, vectors, world switch, EL2 MMU, stage-2 hardware glue, page-table walker, decoding.
objs-y += hyp/head.o hyp/idmap.o hyp/vectors.o hyp/guest.o hyp/fpreset.o hyp/cpu.o hyp/cache.o \
	hyp/el2mmu.o hyp/smccc.o hyp/s2hw.o hyp/pgtable.o hyp/decode.o hyp/gic.o \
	hyp/sha256_ce.o
# The one file allowed FP/SIMD registers at EL2 (mk/check-image.sh knows).
FPSIMD_hyp/sha256_ce := 1
# The MMU is on whenever it runs (Normal memory): unaligned loads are fine.
CFLAGS_hyp/sha256_ce := -march=armv8-a+crypto -mno-strict-align
# The portable parts; on the host, hyp/fake/ stands in for the rest
# (hyp.h, guest_enter, s2hw, EL2 windows), as Hafnium's fake arch does.
host-y += hyp/pgtable.c hyp/decode.c hyp/fake/fake.c
