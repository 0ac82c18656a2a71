/* crt0.S (x86-64) - where every user program starts: RDI = its command line. */
        .section .text.start, "ax"
        .global _start
_start:
        and     $-16, %rsp
        call    __start_c                       /* ulib.c: argv, main, exit */
        ud2
