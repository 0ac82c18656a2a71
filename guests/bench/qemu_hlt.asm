; qemu_hlt.asm: hlt.asm as a boot sector for QEMU. The BIOS loads it at
; 0x7c00; it writes to the isa-debug-exit port, which ends QEMU (the
; benchmark starts QEMU with -device isa-debug-exit,iobase=0xf4), then
; halts in case the device is missing.
bits 16
org 0x7c00
DEBUG_EXIT equ 0xf4
    xor al, al
    out DEBUG_EXIT, al
    cli
    hlt
    times 510 - ($ - $$) db 0
    dw 0xaa55
