/* crt0.S (i386) - where every user program starts: EAX = its command line. */
        .section .text.start, "ax"
        .global _start
_start:
        and     $-16, %esp
        sub     $12, %esp                       /* keep the call 16-byte aligned */
        push    %eax
        call    __start_c                       /* ulib.c: argv, main, exit */
        ud2
