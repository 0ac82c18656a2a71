; high2m.asm: kernel.inc linked at 0x80200000, for --load and --entry.
;
; Run: mini-kvm --paging --load 0x200000 --entry 0x80200000 guests/paging/high2m.bin
%define BASE 0x80200000
%include "kernel.inc"
