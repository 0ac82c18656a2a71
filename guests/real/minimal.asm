; minimal.asm: the smallest possible guest, one byte.
;
; Shows: a guest is just bytes in memory. The VMM copies this image to
; guest physical address 0 and starts the vCPU in real mode at 0000:0000
; with interrupts off (FLAGS = 0x2). The only instruction is HLT, and a HLT
; with interrupts off means "this vCPU is done" (docs/ABI.md, HLT).
;
; Output: nothing. End: `halt`, exit status 0.
; The image is exactly 1 byte: 0xF4.

bits 16
org 0

    hlt
