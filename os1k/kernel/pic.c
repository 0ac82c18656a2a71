/*
 * pic.c - the 8259 interrupt controller: IRQ0 (timer) -> vector 0x20,
 * IRQ1 (keyboard) -> 0x21, everything else masked.  The keyboard line can
 * be masked while the kernel's key buffer is full.
 */
#include "kernel.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

static u8 mask = 0xFC;                      /* bit set = IRQ masked */

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);                   /* ICW1: init, ICW4 follows */
    outb(PIC1_DATA, VEC_TIMER);             /* ICW2: vector base 0x20   */
    outb(PIC1_DATA, 0x04);                  /* ICW3: slave on IRQ2      */
    outb(PIC1_DATA, 0x01);                  /* ICW4: 8086 mode          */
    outb(PIC1_DATA, mask);                  /* only IRQ0 and IRQ1       */
    outb(PIC2_DATA, 0xFF);                  /* the slave is not used    */
}

void pic_eoi(void)
{
    outb(PIC1_CMD, 0x20);
}

void pic_mask_kbd(int masked)
{
    mask = masked ? (mask | 2) : (mask & ~2);
    outb(PIC1_DATA, mask);
}
