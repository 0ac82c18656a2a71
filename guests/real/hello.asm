; hello.asm: print "Hello, world!" and exit.
;
; Shows: the two basic hypercalls. A hypercall is an OUT of the call number
; in AL to port 0x500; the VMM gets a VM exit, looks at AL (and BL), and
; resumes the guest.
;
; Output: "Hello, world!\n". End: `exit 0`.

bits 16
org 0                       ; loaded at address 0, and CS = DS = 0,
                            ; so label values are the real addresses

%include "abi.inc"

start:
    mov si, message         ; DS:SI -> the text
    mov dx, HC_PORT         ; DX stays the hypercall port throughout

.next_char:
    lodsb                   ; AL = [DS:SI], then SI = SI + 1
    test al, al             ; the text ends with a 0 byte
    jz .done
    mov bl, al              ; HC_PUTCHAR prints the byte in BL
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char

.done:
    mov al, HC_EXIT         ; exit code 0; the VMM stops this vCPU here
    out dx, al
    hlt                     ; never reached

message:
    db "Hello, world!", 10, 0
