/* bios_keyboard.c: the BIOS keyboard. IRQ1 (the ROM's int 0x09 reads port
 * 0x60 and passes the byte) turns scan codes into key words in the BDA's
 * 16-word ring at 0040:001E and keeps the shift flags at 0040:0017; int
 * 0x16 reads that ring. A wait (AH=0x00) with the ring empty asks the
 * controller for the next key and lets the ROM halt until an interrupt; a
 * wait when no key can ever come ends the run (`halt`), as a hlt with
 * nothing left to wait for does. */
#include <string.h>
#include "bios_call.h"
#include "vcpu.h"

#define SHIFT_RIGHT 0x01
#define SHIFT_LEFT  0x02
#define SHIFT_CTRL  0x04
#define SHIFT_ALT   0x08
#define SHIFT_CAPS  0x40

static uint16_t bda_word(const uint8_t *bda, unsigned at) { return (uint16_t)(bda[at] | bda[at + 1] << 8); }
static void bda_set_word(uint8_t *bda, unsigned at, uint16_t v) { bda[at] = (uint8_t)v, bda[at + 1] = (uint8_t)(v >> 8); }

void bios_keyboard_reset(struct bios_call *c)
{
	uint8_t *bda = bios_bda(c);
	bda_set_word(bda, BDA_KBD_HEAD, BDA_KBD_BUFFER);
	bda_set_word(bda, BDA_KBD_TAIL, BDA_KBD_BUFFER);
	bda_set_word(bda, BDA_KBD_START, BDA_KBD_BUFFER);
	bda_set_word(bda, BDA_KBD_END, BDA_KBD_BUFFER + 32);
	bda[BDA_SHIFT] = bda[BDA_SHIFT2] = 0;
}

/* The ring's bounds as the BDA gives them, kept inside the BDA. */
static bool ring_bounds(const uint8_t *bda, uint16_t *start, uint16_t *end)
{
	*start = bda_word(bda, BDA_KBD_START), *end = bda_word(bda, BDA_KBD_END);
	return *start >= BDA_KBD_BUFFER && *end <= 0x100 && *start + 2 < *end;
}

static uint16_t ring_next(uint16_t at, uint16_t start, uint16_t end)
{
	at += 2;
	return at >= end ? start : at;
}

static bool ring_push(uint8_t *bda, uint16_t key)
{
	uint16_t start, end;
	uint16_t tail = bda_word(bda, BDA_KBD_TAIL);
	if (!ring_bounds(bda, &start, &end) || tail < start || tail >= end)
		return false;
	uint16_t next = ring_next(tail, start, end);
	if (next == bda_word(bda, BDA_KBD_HEAD))
		return false;                            /* full: the key is lost, as on a PC */
	bda_set_word(bda, tail, key);
	bda_set_word(bda, BDA_KBD_TAIL, next);
	return true;
}

/* The next key word (-1 if none), taken or only looked at. */
static int ring_front(uint8_t *bda, bool take)
{
	uint16_t start, end;
	uint16_t head = bda_word(bda, BDA_KBD_HEAD);
	if (head == bda_word(bda, BDA_KBD_TAIL) || !ring_bounds(bda, &start, &end) || head < start || head >= end)
		return -1;
	uint16_t key = bda_word(bda, head);
	if (take)
		bda_set_word(bda, BDA_KBD_HEAD, ring_next(head, start, end));
	return key;
}

static uint8_t modifier_bit(uint8_t code)
{
	switch (code) {
	case SC_LSHIFT: return SHIFT_LEFT;
	case SC_RSHIFT: return SHIFT_RIGHT;
	case SC_LCTRL:  return SHIFT_CTRL;
	case SC_LALT:   return SHIFT_ALT;
	default:        return 0;
	}
}

void bios_keyboard_irq(struct bios_call *c)
{
	uint8_t *bda = bios_bda(c);
	uint8_t byte = reg_lo(c->r.eax);
	if (byte == SC_EXTENDED) {
		c->bios->extended_prefix = true;
		return;
	}
	bool extended = c->bios->extended_prefix;
	c->bios->extended_prefix = false;
	bool is_break = byte & SC_BREAK;
	uint8_t code = byte & (uint8_t)~SC_BREAK;
	uint8_t bit = modifier_bit(code);
	if (bit && !(extended && (code == SC_LSHIFT || code == SC_RSHIFT))) {   /* E0 2A: a fake shift */
		bda[BDA_SHIFT] = is_break ? (uint8_t)(bda[BDA_SHIFT] & ~bit) : (uint8_t)(bda[BDA_SHIFT] | bit);
		return;
	}
	if (is_break || byte == 0xe1)
		return;
	if (code == SC_CAPS) {
		bda[BDA_SHIFT] ^= SHIFT_CAPS;
		return;
	}
	uint8_t shift = bda[BDA_SHIFT];
	uint16_t key = scancode_key_word(code, extended, shift & (SHIFT_LEFT | SHIFT_RIGHT),
					 shift & SHIFT_CTRL, shift & SHIFT_ALT, shift & SHIFT_CAPS);
	if (key)
		ring_push(bda, key);
}

/* The old calls (AH=0x00/0x01) know no F11/F12. */
static bool old_call_hides(int key, uint8_t function)
{
	return function < 0x10 && key >= 0 && (key >> 8) >= 0x85;
}

void bios_keyboard(struct bios_call *c)
{
	uint8_t *bda = bios_bda(c);
	uint8_t function = reg_hi(c->r.eax);
	int key;
	switch (function) {
	case 0x00: case 0x10:                            /* wait for a key and take it */
		while (old_call_hides(key = ring_front(bda, false), function))
			ring_front(bda, true);
		if (key >= 0) {
			set_word(&c->r.eax, (uint16_t)ring_front(bda, true));
			return;
		}
		if (!i8042_may_produce(c->bios->kbc)) {
			vcpu_end(c->cpu, END_HALT, REASON_HALT, 0, END_NO_FIELDS);
			c->result = VCPU_STOP;
			return;
		}
		vcpu_flush_output(c->cpu);               /* the guest waits: show its prompt */
		i8042_offer(c->bios->kbc);
		c->again = true;
		return;
	case 0x01: case 0x11:                            /* is a key there? (ZF = no) */
		while (old_call_hides(key = ring_front(bda, false), function))
			ring_front(bda, true);
		set_flag(c, FLAG_ZF, key < 0);
		if (key >= 0)
			set_word(&c->r.eax, (uint16_t)key);
		else
			i8042_offer(c->bios->kbc);       /* a polling guest asks for one */
		return;
	case 0x02:                                       /* shift flags */
		set_lo(&c->r.eax, bda[BDA_SHIFT]);
		return;
	case 0x12:
		set_lo(&c->r.eax, bda[BDA_SHIFT]);
		set_hi(&c->r.eax, bda[BDA_SHIFT2]);
		return;
	case 0x05:                                       /* store CX as a key: AL = 1 if full */
		set_lo(&c->r.eax, ring_push(bda, (uint16_t)c->r.ecx) ? 0 : 1);
		return;
	default:                                         /* typematic rate and the rest: ignored */
		return;
	}
}
