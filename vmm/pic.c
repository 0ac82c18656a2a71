/* pic.c: the 8259 PIC, just enough for guests that program it: an init
 * sequence sets the vector base, OCW1 the mask, and reads of the command
 * port say nothing is in service. Raising, masking and taking lines is
 * lock-free (atomics), since the timer and input threads raise lines
 * while the vCPU thread injects them. */
#include "bus.h"
#include "pic.h"

#define PIC_ICW1_INIT 0x10
#define PIC_ICW1_IC4  0x01
#define PIC_ICW1_SNGL 0x02

void pic_init(struct pic *pic, enum guest_mode mode)
{
	atomic_store(&pic->pending, 0);
	pic->vector_base = mode == MODE_REAL ? VEC_TIMER_REAL : VEC_TIMER_PM;
	atomic_store(&pic->mask, 0);
	pic->init_step = 0;
}

bool pic_raise(struct pic *pic, int line)
{
	unsigned bit = 1u << line;
	if (atomic_fetch_or(&pic->pending, bit) & bit)
		return false;           /* already waiting: ticks coalesce */
	return !(atomic_load(&pic->mask) & bit);   /* masked: waits until unmasked */
}

void pic_withdraw(struct pic *pic, int line)
{
	atomic_fetch_and(&pic->pending, ~(1u << line));
}

unsigned pic_deliverable(struct pic *pic)
{
	return atomic_load(&pic->pending) & ~(unsigned)atomic_load(&pic->mask);
}

bool pic_masked(struct pic *pic, int line)
{
	return atomic_load(&pic->mask) & (1u << line);
}

void pic_taken(struct pic *pic, int line)
{
	atomic_fetch_and(&pic->pending, ~(1u << line));
}

int pic_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct pic *pic = owner;
	(void)cpu, (void)size;
	if (offset == 0) {
		if (is_write && (*data & PIC_ICW1_INIT)) {
			pic->icw1 = *data;
			pic->init_step = 2;       /* ICW2 comes next */
		} else if (!is_write) {
			*data = 0;                /* IRR/ISR: nothing in service */
		}                                 /* OCW2/OCW3 (EOI...): accepted */
		return BUS_CONTINUE;
	}
	if (!is_write) {
		*data = atomic_load(&pic->mask);
		return BUS_CONTINUE;
	}
	switch (pic->init_step) {
	case 2:
		pic->vector_base = *data & 0xf8;
		pic->init_step = !(pic->icw1 & PIC_ICW1_SNGL) ? 3 : (pic->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	case 3:
		pic->init_step = (pic->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	case 4:
		pic->init_step = 0;
		break;
	default:
		atomic_store(&pic->mask, *data);
		break;
	}
	return BUS_CONTINUE;
}
