; hlt.asm: the smallest guest there is, one `hlt` with interrupts off.
; The start-to-exit benchmark runs it: mini-kvm enters real mode at 0,
; the vCPU halts at once and the run ends with status 0. It is the same
; byte the floor (kvm-probe hlt) runs.
bits 16
org 0
    hlt
