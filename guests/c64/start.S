/* start.S: the entry point of every 64-bit C guest.
 *
 * The VMM enters at e_entry = _start in long mode with RSP pointing at a
 * stack. The x86-64 calling convention wants RSP 16-byte aligned at each
 * CALL, so align it, call main(), and exit with its return value
 * (HC_EXIT_CODE = 3, code in BL). */
    .section .text.start, "ax"
    .globl _start
_start:
    andq $-16, %rsp
    call main
    movb %al, %bl           /* exit code = main()'s return value */
    movb $3, %al            /* HC_EXIT_CODE */
    movw $0x500, %dx
    outb %al, %dx
1:  hlt                     /* never reached */
    jmp 1b

    .section .note.GNU-stack, "", @progbits
