/*
 * kbd.c - the keyboard driver.
 *
 * The VMM's keyboard hands over plain ASCII bytes: port 0x64 bit 0 says a
 * byte waits, port 0x60 returns it.  We take one byte per IRQ1 and keep
 * bytes nobody has asked for yet in a small ring buffer.  Echo and line
 * editing happen in user space (user/ulib.c readline), so a byte is echoed
 * when a program reads it - which keeps scripted sessions deterministic.
 *
 * Ctrl-C (byte 3) is not buffered while a foreground job runs: it kills
 * that job.  Under a scripted --input the VMM only offers a byte when the
 * guest halts or reads the ports, so on timer ticks we also poll the port
 * when a reader is waiting (other processes may keep the CPU busy, so we
 * would never halt) or when the tick interrupted a busy foreground job
 * (so Ctrl-C reaches a job that loops forever).
 */
#include "kernel.h"

#define KBD_DATA   0x60
#define KBD_STATUS 0x64
#define BUF_SIZE   256

struct proc *kbd_waiter;                    /* blocked in getchar() */
struct proc *fg_proc;                       /* the shell's foreground job */

static u8 buf[BUF_SIZE];
static unsigned head, tail;                 /* bytes waiting: tail - head */
static int masked;                          /* IRQ1 masked because buf is full */

static void kbd_key(u8 c)
{
    if (c == 3 && fg_proc) {
        kputs("^C\n");
        proc_exit(fg_proc, EXIT_KILLED);
        return;
    }
    if (kbd_waiter) {
        struct proc *p = kbd_waiter;
        kbd_waiter = NULL;
        p->tf->rax = c;
        sched_ready(p);
        return;
    }
    buf[tail++ % BUF_SIZE] = c;
    if (tail - head == BUF_SIZE) {
        masked = 1;
        pic_mask_kbd(1);
    }
}

void kbd_irq(void)
{
    if (!masked && (inb(KBD_STATUS) & 1))
        kbd_key(inb(KBD_DATA));
}

void kbd_tick(int user_was_running)
{
    if ((kbd_waiter && head == tail) || (fg_proc && fg_proc == current && user_was_running))
        kbd_irq();
}

int kbd_getchar(struct proc *p)
{
    if (head != tail) {
        u8 c = buf[head++ % BUF_SIZE];
        if (masked) {
            masked = 0;
            pic_mask_kbd(0);
        }
        return c;
    }
    if (kbd_waiter)                         /* one reader at a time */
        return -2;
    kbd_waiter = p;
    sched_block(P_WAITKEY);
    return -1;
}
