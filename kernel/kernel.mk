# kernel/kernel.mk - the policy: boot flow, options, the guest's life, exits, calls, its console and device tree, integrity.
objs-y += kernel/main.o kernel/panic.o kernel/libc.o kernel/cmdline.o \
	kernel/guest.o kernel/vcpu.o kernel/hypercall.o kernel/gcon.o \
	kernel/sysreg_emul.o kernel/guestdtb.o kernel/integrity.o kernel/phases.o \
	kernel/vgic.o kernel/vpl011.o kernel/cpus.o kernel/passthrough.o
# main.c (the boot flow), panic.c, libc.c and integrity.c are the
# machine's own; the rest runs on the host against hyp/fake/.
host-y += kernel/cmdline.c kernel/hypercall.c kernel/gcon.c \
	kernel/sysreg_emul.c kernel/guestdtb.c kernel/vcpu.c kernel/guest.c \
	kernel/phases.c kernel/vgic.c kernel/vpl011.c kernel/passthrough.c
