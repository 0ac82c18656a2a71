; higher.asm: the higher-half kernel of kernel.inc where --paging puts an
; image by default: loaded at physical 0x1000, entered at 0x80001000.
;
; Run: mini-kvm --paging guests/paging/higher.bin
; On kvm-pvm the host refuses 32-bit paging at once (status 108).
%define BASE 0x80001000
%include "kernel.inc"
