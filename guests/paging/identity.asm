; identity.asm: kernel.inc run through the identity half (virtual =
; physical): loaded at the default 0x1000 and entered there.
;
; Run: mini-kvm --paging --entry 0x1000 guests/paging/identity.bin
%define BASE 0x1000
%include "kernel.inc"
