/* start.S: the entry point of every 64-bit C guest.
 *
 * The VMM enters at e_entry = _start in long mode with RSP pointing at a
 * stack. The x86-64 calling convention wants RSP 16-byte aligned at each
 * CALL, so align it, call main(), and exit with its return value
 * (HC_EXIT_CODE, code in BL). */
#define HC_PORT      0x500   /* vmm/abi.h (suite/test_abi.py checks these) */
#define HC_EXIT_CODE 0x80    /* an extension: this project's calls start at 0x80 */
    .section .text.start, "ax"
    .globl _start
_start:
    andq $-16, %rsp
    call main
    movb %al, %bl           /* exit code = main()'s return value */
    movb $HC_EXIT_CODE, %al
    movw $HC_PORT, %dx
    outb %al, %dx
1:  hlt                     /* never reached */
    jmp 1b

    .section .note.GNU-stack, "", @progbits
