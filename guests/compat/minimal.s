# minimal.s - the smallest Mini-KVM guest: one hlt (1 byte, 0xf4).
# Interrupts are off at reset, so hlt just stops the vCPU (exit code 0).
	.code16
	.globl _start
_start:
	hlt
