# tests/qemu/passthrough.sh - QEMU cases for devices given to the appliance with passthrough=: the RTC sample through a real PL031 and its interrupt, and each refusal with its message.
#
# Sourced by tests/run.sh after lib.sh and irq.sh ($BUILD_DIR, $TEST_DIR,
# $IMG, icase's habits come from there). qemu-virt's devices: the PL031
# RTC at 0x9010000 (SPI 2, INTID 34), the PL061 GPIO at 0x9030000 (SPI 7,
# INTID 39), the console PL011 at 0x9000000 (SPI 1, INTID 33).

PT_END='[[:space:]]*$' # the console ends lines with CR LF
PT_SAFE=(
	"reject=PANIC"
	"reject=integrity[^:]*: .*CHANGED"
)

# ---- the RTC sample: alarm two seconds ahead, woken by its interrupt ------
# 4K on cortex-a57 and cortex-a53 (the issue's two), and a 64K build on
# max: the PL031's 64 KiB page holds no other device on qemu-virt.
for spec in cortex-a57:4K cortex-a53:4K max:64K; do
	cpu=${spec%%:*} g=${spec#*:}
	qcase "pt-rtc-$cpu-$g" "mv-$g" "$cpu" 0 \
		"qemu=-initrd $IMG/rtc.mvimg" \
		"append=exit=semihosting passthrough=/pl031@9010000" \
		"${PT_SAFE[@]}" \
		"expect=passthrough: /pl031@9010000: registers 0x9010000-0x9010fff at IPA = PA" \
		"expect=passthrough: /pl031@9010000: SPI 2 \\(INTID 34, high level\\)" \
		"expect=rtc: PL031 at 0x9010000, alarm interrupt INTID 34" \
		"expect=rtc: alarm set for [0-9]+; sleeping in WFI" \
		"expect=rtc: alarm: [0-9-]+ [0-9:]+ UTC" \
		"expect=rtc: the alarm interrupt came [0-9.]+ s after it was set \\(masked status 0x1, 1 interrupt\\)" \
		"expect=rtc: done" \
		"expect=^microvisor: guest exited: reason=exit status=0$PT_END" \
		"expect=integrity after the guest: text, rodata and EL2 tables unchanged"
done

# Without the option the RTC is not the appliance's: no node, no mapping.
# The sample says which option its board's owner would give.
qcase pt-rtc-not-given mv-4K cortex-a57 2 \
	"qemu=-initrd $IMG/rtc.mvimg" "append=exit=semihosting" \
	"${PT_SAFE[@]}" "reject=passthrough: " \
	"expect=rtc: no PL031 in the device tree: the board's owner gives it with the microvisor's boot option passthrough=/pl031@9010000 \\(qemu-virt\\)" \
	"expect=^microvisor: guest exited: reason=exit status=2$PT_END"

# Two devices at once, the option's list form; the PL061 is mapped too.
qcase pt-two-devices mv-4K cortex-a57 0 \
	"qemu=-initrd $IMG/rtc.mvimg" \
	"append=exit=semihosting passthrough=/pl061@9030000,/pl031@9010000" \
	"${PT_SAFE[@]}" \
	"expect=passthrough: /pl061@9030000: registers 0x9030000-0x9030fff at IPA = PA" \
	"expect=passthrough: /pl061@9030000: SPI 7 \\(INTID 39, high level\\)" \
	"expect=passthrough: /pl031@9010000: SPI 2 \\(INTID 34, high level\\)" \
	"expect=rtc: done"

# ---- refusals: one line naming the node and the reason, a clean stop -------
# Each stops the boot before the runtime tables (as a bad option does).
ptbad() {
	local name=$1 args=$2 re=$3
	shift 3
	qcase "pt-refuse-$name" mv-4K cortex-a57 2 \
		"qemu=-initrd $IMG/rtc.mvimg $*" "append=exit=semihosting $args" \
		"expect=error: passthrough=: $re" "expect=boot stopped: bad boot input" \
		"reject=runtime tables active" "reject=rtc: "
}
ptbad missing "passthrough=/nope@1234" "no node /nope@1234 in the boot device tree"
ptbad no-reg "passthrough=/psci" "/psci has no reg this microvisor can map \\(1 to [0-9]+ ranges\\)"
ptbad console "passthrough=/pl011@9000000" \
	"/pl011@9000000: registers 0x9000000-0x9000fff overlap the microvisor's console"
ptbad ram "passthrough=/memory@40000000" \
	"/memory@40000000: registers 0x40000000-0x[0-9a-f]+ overlap RAM"
ptbad gic "passthrough=/intc@8000000" "/intc@8000000 has child nodes: only leaf devices can be given"
ptbad dma-pcie "passthrough=/pcie@10000000" \
	"/pcie@10000000 shows a sign of DMA \\([a-z-]+\\): no DMA-capable device is given until the DMA plan \\(docs/dma.md\\) is in code"
ptbad not-root "passthrough=/intc@8000000/its@8080000" \
	"/intc@8000000/its@8080000 is not a child of the root: only the root's devices \\(reg in its cells\\) can be given"
ptbad twice "passthrough=/pl061@9030000,/pl061@9030000" \
	"/pl061@9030000 is given twice"
ptbad disabled "passthrough=/pl061@9030000" '/pl061@9030000 is disabled \(status = "disabled"\)' \
	"-dtb $TEST_DIR/dtb/pl061-disabled.dtb"
# Syntax: the option's own parser (kernel/cmdline.c) names what is wrong.
qcase pt-refuse-syntax mv-4K cortex-a57 2 "append=exit=semihosting passthrough=pl061" \
	"expect=error: bootargs: invalid passthrough 'pl061'" \
	"expect=boot stopped: bad boot input"

# Made-up nodes in qemu-virt's tree (tests/qemu/passthrough.mk) for the
# refusals the real tree cannot show.
FAKES="-dtb $TEST_DIR/dtb/pt-fakes.dtb"
ptbad gic-regs "passthrough=/in-gic@8000000" \
	"/in-gic@8000000: registers 0x8000000-0x8000fff overlap the GIC" "$FAKES"
ptbad shared-page "passthrough=/share@9030800" \
	"/share@9030800: the 4 KiB page\\(s\\) 0x9030000-0x9030fff stage 2 would map also hold /pl061@9030000's registers \\(a page is given whole\\)" "$FAKES"
ptbad ppi "passthrough=/ppi@9100000" \
	"/ppi@9100000: interrupt <1 3 0x4> cannot be given \\(the guest's: SPIs 0-[0-9]+, edge or level-high, [0-9]+ at most\\)" "$FAKES"
ptbad falling-edge "passthrough=/falling@9110000" \
	"/falling@9110000: interrupt <0 16 0x2> cannot be given" "$FAKES"
ptbad console-irq "passthrough=/console-irq@9120000" \
	"/console-irq@9120000: interrupt <0 1 0x4> is INTID 33, the guest console UART's" "$FAKES"
ptbad shared-irq "passthrough=/pl031@9010000,/rtc-irq@9130000" \
	"/rtc-irq@9130000 and /pl031@9010000 share INTID 34" "$FAKES"
ptbad gpio-ref "passthrough=/button@9140000" \
	"/button@9140000 needs reset-gpios, a reference the guest's device tree cannot carry" "$FAKES"
ptbad dma-controller "passthrough=/dmac@9150000" \
	"/dmac@9150000 shows a sign of DMA \\(#dma-cells\\)" "$FAKES"
# On a 64 KiB granule the PL061's page would also hold the made-up node.
qcase pt-refuse-shared-page-64K mv-64K max 2 \
	"qemu=-initrd $IMG/rtc.mvimg $FAKES" "append=exit=semihosting passthrough=/pl061@9030000" \
	"expect=error: passthrough=: /pl061@9030000: the 64 KiB page\\(s\\) 0x9030000-0x903ffff stage 2 would map also hold /share@9030800's registers" \
	"expect=boot stopped: bad boot input"
