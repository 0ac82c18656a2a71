; sieve_host.asm: sieve.inc as an ELF64 object for the host program
; bench/tools/sieve-host.c, so the host runs the very same instructions.
bits 64
default rel
section .text
global sieve_count
%include "sieve.inc"
section .note.GNU-stack noalloc noexec nowrite progbits
