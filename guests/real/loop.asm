; loop.asm: an endless loop, with interrupts off.
;
; Shows: a guest that never ends by itself. Only the VMM can stop it:
; with `--timeout 1` the run ends after a second with status 106 and the
; transcript says `timeout`; on a terminal, Ctrl-A x stops it (status 112).
;
; Output: nothing. End: `timeout`.

bits 16
org 0

    jmp $                       ; jump to this very instruction, forever
