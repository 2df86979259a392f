# tests/qemu/linux.sh - the stock Linux appliance: Debian's arm64 kernel and a busybox initramfs boot, sleep, take typed input, wait for QEMU's power button (a given PL061) and power off under the microvisor.

LINUX_IMG=$IMG/linux.mvimg
LINUX_SHELL_IMG=$IMG/linux-shell.mvimg

# What every Linux boot must show: its log on the console (through the
# emulated PL011), SMCCC 1.1, the virtual timer with its interrupt, /init,
# a one-second sleep that returns, and a clean power-off.
LINUX_BOOTED=(
	"expect=^guest: \\[ +0\\.0+\\] Booting Linux on physical CPU"
	"expect=^guest: \\[ *[0-9.]+\\] psci: SMC Calling Convention v1\\.1"
	"expect=^guest: \\[ *[0-9.]+\\] arch_timer: cp15 timer\\(s\\) running at [0-9.]+MHz \\(virt\\)"
	"expect=^guest: \\[ *[0-9.]+\\] GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000"
	"expect=^guest: \\[ *[0-9.]+\\] printk: console \\[ttyAMA0\\] enabled"
	"expect=^guest: \\[ *[0-9.]+\\] KASLR enabled"
	"expect=^guest: microvisor-linux: /init started"
	"expect=^guest: microvisor-linux: slept 1 s; uptime"
	"expect=^guest: \\[ *[0-9.]+\\] reboot: Power down"
	"expect=^microvisor: guest exited: reason=poweroff status=0"
	"expect=integrity after the guest: text, rodata and EL2 tables unchanged"
	"reject=Kernel panic"
	"reject=No interrupt available"
	"reject=PANIC"
)

qcase linux-boot-cortex-a57-4K mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_IMG" "${LINUX_BOOTED[@]}"
qcase linux-boot-cortex-a53-4K mv-4K cortex-a53 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_IMG" "${LINUX_BOOTED[@]}"
qcase linux-boot-max-64K mv-64K max 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_IMG" "${LINUX_BOOTED[@]}"

# Four CPUs: Linux starts its secondaries with PSCI CPU_ON, finds each
# one's redistributor frame, and /init counts them; the power-off from
# CPU 0 stops the others (its IPIs go through the trapped ICC_SGI1R_EL1).
# 64K: cpus=2 gives two of the four.
LINUX_SMP=(
	"expect=^guest: \\[ *[0-9.]+\\] GICv3: CPU3: found redistributor 3 region 0:0x0000000008100000"
	"expect=^guest: \\[ *[0-9.]+\\] smp: Brought up 1 node, 4 CPUs"
	"expect=^guest: microvisor-linux: cpus: 4 online, 4 in /proc/cpuinfo"
	"expect=^microvisor: guest: all 4 vCPUs stopped"
)
qcase linux-smp4-cortex-a57-4K mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_IMG -smp 4" "${LINUX_BOOTED[@]}" "${LINUX_SMP[@]}"
qcase linux-smp-cpus2-max-64K mv-64K max 0 "append=exit=semihosting cpus=2" \
	"qemu=-initrd $LINUX_IMG -smp 4" "${LINUX_BOOTED[@]}" \
	"expect=^guest: \\[ *[0-9.]+\\] smp: Brought up 1 node, 2 CPUs" \
	"expect=^guest: microvisor-linux: cpus: 2 online, 2 in /proc/cpuinfo" \
	"expect=^microvisor: guest: all 2 vCPUs stopped"

# Typed input reaches the shell through the emulated UART's receive side
# (the console's receive interrupt wakes the guest), and its answer comes
# back. A line the guest prints that looks like the microvisor's own is
# shown as the guest's: the last line is still the real one.
qcase linux-shell-input mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_SHELL_IMG" \
	"send=linux# =>echo typed-\$((6*7))\\n" \
	"send=^guest: typed-42=>echo microvisor: guest exited: reason=exit status=0\\n" \
	"send=^guest: microvisor: guest exited: reason=exit=>poweroff -f\\n" \
	"expect=^guest: typed-42" \
	"expect=^guest: microvisor: guest exited: reason=exit status=0" \
	"expect=^microvisor: guest exited: reason=poweroff status=0" \
	"count=1:^microvisor: guest exited:" \
	"reject=PANIC"

# The power button: with the PL061 given to it (passthrough=), the guest's
# /bin/gpiowait requests GPIO line 3 with rising-edge events through the
# GPIO character device and says so; then QEMU's monitor (Ctrl-A c on the
# muxed console) presses the button (system_powerdown raises the line, the
# PL061's SPI 7 reaches the guest HW-linked), and /init powers off. The
# monitor's prompt, "(qemu) ", starts the line the guest's next output
# continues: that line's expectation is not anchored.
LINUX_BUTTON_IMG=$IMG/linux-button.mvimg
qcase linux-button mv-4K cortex-a57 0 \
	"append=exit=semihosting passthrough=/pl061@9030000" \
	"qemu=-initrd $LINUX_BUTTON_IMG" \
	"send=^guest: button: waiting for a rising edge on /dev/gpiochip[0-9]+ \\(\"9030000\\.pl061\"\\) line 3=>\\x01csystem_powerdown\\n" \
	"expect=passthrough: /pl061@9030000: SPI 7 \\(INTID 39, high level\\)" \
	"expect=guest: button: pressed \\(line 3, rising edge at [0-9.]+ s\\)" \
	"expect=^guest: microvisor-linux: power button pressed" \
	"expect=^microvisor: guest exited: reason=poweroff status=0" \
	"expect=integrity after the guest: text, rodata and EL2 tables unchanged" \
	"count=1:^microvisor: guest exited:" \
	"reject=gpiowait failed" "reject=Kernel panic" "reject=PANIC"

# Without the option the PL061 is not the guest's: no gpiochip, and /init
# says so and powers off all the same.
qcase linux-button-not-given mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $LINUX_BUTTON_IMG" \
	"expect=^guest: button: no gpiochip \"9030000\\.pl061\" in /dev \\(there are none\\): is the GPIO controller given to this guest\\? \\(on the microvisor: passthrough=/pl061@9030000\\)" \
	"expect=^guest: microvisor-linux: no power button: gpiowait failed \\(status 1\\); powering off without a press" \
	"expect=^microvisor: guest exited: reason=poweroff status=0" \
	"reject=^guest: button: (waiting|pressed)" "reject=PANIC"
