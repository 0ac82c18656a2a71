/* bios_rom.S: the BIOS ROM (bios/bios.bin, assembled from bios/bios.asm by
 * nasm) as bytes of the mini-kvm binary. */
	.section .rodata
	.global bios_rom_start, bios_rom_end
	.balign 16
bios_rom_start:
	.incbin BIOS_BIN
bios_rom_end:
	.section .note.GNU-stack, "", @progbits
