; exitcode: read a decimal number N and end with HC_EXIT_CODE, BL = N mod 256.
%include "io.inc"
entry:
    call read_u32
    mov bl, al
    guest_exit_code_bl
