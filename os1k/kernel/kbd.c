/*
 * kbd.c - the keyboard driver.
 *
 * The VMM's keyboard hands over plain ASCII bytes: port 0x64 bit 0 says a
 * byte waits, port 0x60 returns it.  We take one byte per IRQ1 and keep
 * bytes nobody has asked for yet in a small ring buffer.  Echo and line
 * editing happen in user space (user/ulib.c readline), so a byte is echoed
 * when a program reads it - which keeps scripted sessions deterministic.
 *
 * Ctrl-C (byte 3) kills the foreground job - unless that job is itself
 * waiting for a key (a program at its own prompt, like calc or a nested
 * shell): then it gets the byte, and its line editor cancels the line.
 *
 * When do we take a byte?  Only when someone needs one - because under a
 * scripted --input, reading port 0x64 is itself what makes the VMM hand
 * over the next byte, so reading "just in case" would pull bytes at
 * timing-dependent moments.  Someone needs a byte when
 *   - a process is blocked in getchar() (kbd_waiter), or
 *   - the foreground job is blocked on something else (sleep, wait): only
 *     Ctrl-C matters to it, and it cannot be about to read a key, or
 *   - the foreground job is busy: it has run in ring 3 for 2 timer ticks
 *     without a single system call (it loops, like spin).
 * Then we take a byte on IRQ1 (a key typed; under --input: the guest
 * halted), and on timer ticks we poll the port too: other processes may
 * keep the CPU busy, so the guest would never halt.
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
    if (c == 3 && fg_proc && kbd_waiter != fg_proc) {
        kputs("^C\n");
        proc_exit(fg_proc, EXIT_KILLED);
        return;
    }
    if (kbd_waiter) {
        struct proc *p = kbd_waiter;
        kbd_waiter = NULL;
        TF_RESULT(p->tf) = c;
        sched_ready(p);
        return;
    }
    buf[tail++ % BUF_SIZE] = c;
    if (tail - head == BUF_SIZE) {
        masked = 1;
        pic_mask_kbd(1);
    }
}

static int key_needed(void)
{
    if (masked)
        return 0;
    if (kbd_waiter)
        return head == tail;
    if (!fg_proc)
        return 0;
    if (fg_proc->state == P_SLEEPING || fg_proc->state == P_WAITCHILD)
        return 1;
    return fg_proc == current && TF_CPL(current->tf) == 3 && current->busy_ticks >= 2;
}

static void take_key(void)
{
    if (key_needed() && (inb(KBD_STATUS) & 1))
        kbd_key(inb(KBD_DATA));
}

void kbd_irq(void)  { take_key(); }
void kbd_tick(void) { take_key(); }

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
    if (kbd_waiter || (!p->parent && p->pid != 1))
        return -2;                          /* one reader at a time; none in the background */
    kbd_waiter = p;
    sched_block(P_WAITKEY);
    return -1;
}
