; gina: does not assemble (a typo in a mnemonic)
bits 16
    mvo dx, 0x500
    mov al, 0
    out dx, al
