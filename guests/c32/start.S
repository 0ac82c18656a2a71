/* start.S: the entry point of every C guest.
 *
 * The VMM enters at e_entry = _start in 32-bit protected mode with flat
 * segments and ESP already pointing at a stack, so all that is left is to
 * call main() and hand its return value to the VMM as the exit code
 * (HC_EXIT_CODE, code in BL). RAM starts zeroed, so .bss needs no
 * clearing. */
#define HC_PORT      0x500   /* vmm/abi.h (suite/test_abi.py checks these) */
#define HC_EXIT_CODE 0x80    /* an extension: this project's calls start at 0x80 */
    .section .text.start, "ax"
    .globl _start
_start:
    call main
    movb %al, %bl           /* exit code = main()'s return value */
    movb $HC_EXIT_CODE, %al
    movw $HC_PORT, %dx
    outb %al, %dx
1:  hlt                     /* never reached */
    jmp 1b

    .section .note.GNU-stack, "", @progbits
